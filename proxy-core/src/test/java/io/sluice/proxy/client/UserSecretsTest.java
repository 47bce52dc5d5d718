package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sluice.config.UserConfig;
import io.sluice.protocol.auth.ScramSecret;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unknown user's server-first message must not tell it apart from a known user's. */
class UserSecretsTest {

    private final UserSecrets secrets = new UserSecrets(List.of(new UserConfig("app", "secret"),
            new UserConfig("old", "md5" + "a".repeat(32))), new SecureRandom());

    @Test
    void unknownUsersGetAStableSaltOfTheirOwnAndTheDefaultIterations() {
        ScramSecret ghost = secrets.scramFor("ghost");
        assertArrayEquals(ghost.salt(), secrets.scramFor("ghost").salt(), "the same name, the same salt");
        assertFalse(Arrays.equals(ghost.salt(), secrets.scramFor("phantom").salt()), "names differ, salts differ");
        assertEquals(ScramSecret.DEFAULT_ITERATIONS, ghost.iterations());
        assertEquals(ScramSecret.DEFAULT_SALT_LENGTH, ghost.salt().length);
        assertEquals(secrets.scramFor("app").iterations(), ghost.iterations());
    }

    @Test
    void anMd5OnlyUserGetsAMockVerifierToo() {
        assertEquals(ScramSecret.DEFAULT_SALT_LENGTH, secrets.scramFor("old").salt().length);
        assertFalse(Arrays.equals(secrets.scramFor("old").salt(), secrets.scramFor("ghost").salt()));
    }
}
