package io.sluice.protocol.auth;

import static io.sluice.protocol.auth.ScramSha256ServerTest.SALT;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ScramPasswordKeysTest {

    private final ScramPasswordKeys derived = new ScramPasswordKeys();

    @Test
    void keysAreThoseOfTheVerifierAndDerivedOncePerSaltAndIterations() {
        ScramKeys first = derived.keysFor("pencil", SALT, 4096);
        assertTrue(first.matches(ScramSecret.fromPassword("pencil", SALT, 4096)));
        assertSame(first, derived.keysFor("pencil", SALT.clone(), 4096));

        ScramKeys otherIterations = derived.keysFor("pencil", SALT, 4097);
        assertNotSame(first, otherIterations);
        assertTrue(otherIterations.matches(ScramSecret.fromPassword("pencil", SALT, 4097)));
        byte[] otherSalt = SALT.clone();
        otherSalt[0]++;
        assertTrue(derived.keysFor("pencil", otherSalt, 4096)
                .matches(ScramSecret.fromPassword("pencil", otherSalt, 4096)));
    }

    @Test
    void aClientWithRememberedKeysLogsInTwiceAgainstTheVerifier() {
        SecureRandom random = new SecureRandom();
        ScramSecret stored = ScramSecret.generate("s3cret é", random);
        for (int login = 0; login < 2; login++) {
            ScramSha256Client client = new ScramSha256Client("s3cret é", random, derived);
            ScramSha256Server server = new ScramSha256Server(stored, random);
            byte[] serverFirst = server.serverFirst(client.clientFirst());
            byte[] serverFinal = server.serverFinal(client.clientFinal(serverFirst));
            client.verifyServerFinal(serverFinal);
        }
    }
}
