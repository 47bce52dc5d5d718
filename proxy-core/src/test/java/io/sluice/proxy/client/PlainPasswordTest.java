package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** A clear-text password ({@code hba} method {@code password}) against each stored form. */
class PlainPasswordTest {

    @Test
    void plainStoredPassword() {
        assertTrue(PlainPassword.matches("s3cret", "app", "s3cret"));
        assertFalse(PlainPassword.matches("s3cret", "app", "s3cret "));
        assertFalse(PlainPassword.matches("s3cret", "app", ""));
    }

    @Test
    void md5HashSaltedWithTheUserName() {
        String stored = Md5Password.hash("s3cret", "app");
        assertTrue(PlainPassword.matches(stored, "app", "s3cret"));
        assertFalse(PlainPassword.matches(stored, "other", "s3cret"), "md5 hashes are salted with the user");
        assertFalse(PlainPassword.matches(stored, "app", stored), "the hash itself is not the password");
    }

    @Test
    void scramVerifier() {
        String stored = ScramSecret.generate("s3cret", new SecureRandom()).encode();
        assertTrue(PlainPassword.matches(stored, "app", "s3cret"));
        assertFalse(PlainPassword.matches(stored, "app", "S3cret"));
    }
}
