package io.sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

class ScramSecretTest {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void encodesAndParses() {
        ScramSecret secret = ScramSecret.fromPassword("pencil", SALT, 4096);
        String encoded = secret.encode();
        assertTrue(encoded.startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"), encoded);
        assertTrue(ScramSecret.isVerifier(encoded));
        ScramSecret parsed = ScramSecret.parse(encoded);
        assertEquals(secret, parsed);
        assertEquals(secret.hashCode(), parsed.hashCode());
        assertEquals(4096, parsed.iterations());
        assertArrayEquals(secret.storedKey(), parsed.storedKey());
        assertArrayEquals(secret.serverKey(), parsed.serverKey());
        assertFalse(secret.toString().contains(Base64.getEncoder().encodeToString(secret.storedKey())));
    }

    @Test
    void accessorsReturnCopies() {
        ScramSecret secret = ScramSecret.fromPassword("pencil", SALT, 4096);
        secret.salt()[0] ^= 1;
        secret.storedKey()[0] ^= 1;
        assertArrayEquals(SALT, secret.salt());
        assertEquals(secret, ScramSecret.fromPassword("pencil", SALT, 4096));
    }

    @Test
    void generatesDistinctSalts() {
        SecureRandom random = new SecureRandom();
        ScramSecret a = ScramSecret.generate("pw", random);
        ScramSecret b = ScramSecret.generate("pw", random);
        assertEquals(16, a.salt().length);
        assertEquals(4096, a.iterations());
        assertNotEquals(a, b);
    }

    @Test
    void emptyPasswordIsStillDerivable() {
        // HMAC with an empty key is well defined; the JDK's SecretKeySpec refuses it, so this checks the workaround.
        ScramSecret empty = ScramSecret.fromPassword("", SALT, 1);
        assertNotEquals(empty, ScramSecret.fromPassword("a", SALT, 1));
    }

    @Test
    void nonAsciiPasswordsAreNormalized() {
        // SASLprep: NFKC maps the ligature "ﬁ" to "fi", and a no-break space to a space.
        assertEquals(ScramSecret.fromPassword("fi x", SALT, 1), ScramSecret.fromPassword("ﬁ\u00a0x", SALT, 1));
    }

    @Test
    void refusesMalformedVerifiers() {
        String[][] cases = {
                {"md5abc", "SCRAM verifier: does not start with SCRAM-SHA-256$"},
                {"SCRAM-SHA-256$4096:c2FsdA==", "SCRAM verifier: 2 '$'-separated parts (expected: 3)"},
                {"SCRAM-SHA-256$x:c2FsdA==$a:b", "SCRAM verifier iterations: not a number"},
                {"SCRAM-SHA-256$0:c2FsdA==$a:b", "SCRAM verifier iterations: 0 (expected: >= 1)"},
                {"SCRAM-SHA-256$4096:!!$a:b", "SCRAM verifier salt: not valid base64"},
                {"SCRAM-SHA-256$4096:c2FsdA==$c2FsdA==:c2FsdA==", "SCRAM verifier StoredKey length: 4 bytes (expected: 32)"},
                {"SCRAM-SHA-256$4096$a:b", "SCRAM verifier: malformed (expected: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScramSecret.parse(c[0]));
            assertEquals(c[1], e.getMessage());
            assertFalse(ScramSecret.isVerifier(c[0]));
        }
    }
}
