package io.sluice.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

class Md5PasswordTest {

    private static final byte[] SALT = {0x01, 0x02, 0x03, (byte) 0xff};

    @Test
    void hashIsMd5OfPasswordThenUser() throws NoSuchAlgorithmException {
        assertEquals("md5" + md5Hex("secretapp".getBytes(StandardCharsets.UTF_8)), Md5Password.hash("secret", "app"));
        // Known value: SELECT 'md5' || md5('passworduser') in PostgreSQL.
        assertEquals("md54d45974e13472b5a0be3533de4666414", Md5Password.hash("password", "user"));
    }

    @Test
    void responseIsMd5OfHexHashThenSalt() throws NoSuchAlgorithmException {
        String inner = md5Hex("passworduser".getBytes(StandardCharsets.UTF_8));
        byte[] innerBytes = inner.getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[innerBytes.length + SALT.length];
        System.arraycopy(innerBytes, 0, salted, 0, innerBytes.length);
        System.arraycopy(SALT, 0, salted, innerBytes.length, SALT.length);
        String expected = "md5" + md5Hex(salted);
        assertEquals(expected, Md5Password.response("password", "user", SALT));
        // A stored hash gives the same response: the proxy need not know the plain password.
        assertEquals(expected, Md5Password.response(Md5Password.hash("password", "user"), "user", SALT));
    }

    @Test
    void verifies() {
        String response = Md5Password.response("password", "user", SALT);
        assertTrue(Md5Password.verify("password", "user", SALT, response));
        assertTrue(Md5Password.verify(Md5Password.hash("password", "user"), "user", SALT, response));
        assertFalse(Md5Password.verify("password", "other", SALT, response));
        assertFalse(Md5Password.verify("password", "user", new byte[4], response));
        assertFalse(Md5Password.verify("password", "user", SALT, ""));
    }

    @Test
    void recognizesHashes() {
        assertTrue(Md5Password.isMd5Hash(Md5Password.hash("a", "b")));
        assertFalse(Md5Password.isMd5Hash("md5"));
        assertFalse(Md5Password.isMd5Hash("md5" + "G".repeat(32)));
        assertFalse(Md5Password.isMd5Hash("SCRAM-SHA-256$4096:..."));
    }

    private static String md5Hex(byte[] input) throws NoSuchAlgorithmException {
        StringBuilder sb = new StringBuilder();
        for (byte b : MessageDigest.getInstance("MD5").digest(input)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
