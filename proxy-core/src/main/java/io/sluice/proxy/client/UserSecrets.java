package io.sluice.proxy.client;

import io.sluice.config.UserConfig;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM verifiers clients are checked against, derived once at startup: deriving one costs thousands of hash
 * rounds, which must not happen on an event loop per login.
 *
 * <p>Users whose secret is an md5 hash, and unknown users, get a mock verifier that no proof matches. Like
 * PostgreSQL's {@code scram_mock_salt}, its salt is derived from the user name with a key chosen at startup, so the
 * server-first message of an unknown user looks like a real user's: the same name always gets the same salt, two
 * names get different salts, and the iteration count is the default one.
 */
public final class UserSecrets {

    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final Map<String, ScramSecret> verifiers = new HashMap<>();
    private final byte[] mockKey = new byte[32];
    private final String mockKeys;

    public UserSecrets(Iterable<UserConfig> users, SecureRandom random) {
        random.nextBytes(mockKey);
        byte[] stored = new byte[32];
        byte[] server = new byte[32];
        random.nextBytes(stored);
        random.nextBytes(server);
        this.mockKeys = B64.encodeToString(stored) + ":" + B64.encodeToString(server);
        for (UserConfig user : users) {
            String password = user.password();
            if (password == null || Md5Password.isMd5Hash(password)) {
                continue;
            }
            verifiers.put(user.name(), ScramSecret.isVerifier(password) ? ScramSecret.parse(password)
                    : ScramSecret.generate(password, random));
        }
    }

    /** The verifier for {@code user}, or a mock one nothing matches. */
    public ScramSecret scramFor(String user) {
        ScramSecret verifier = verifiers.get(user);
        return verifier != null ? verifier : mock(user);
    }

    private ScramSecret mock(String user) {
        byte[] salt = Arrays.copyOf(hmac(user.getBytes(StandardCharsets.UTF_8)), ScramSecret.DEFAULT_SALT_LENGTH);
        return ScramSecret.parse("SCRAM-SHA-256$" + ScramSecret.DEFAULT_ITERATIONS + ":" + B64.encodeToString(salt)
                + "$" + mockKeys);
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(mockKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
