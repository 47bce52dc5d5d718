package io.sluice.proxy.client;

import io.sluice.config.UserConfig;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The SCRAM verifiers clients are checked against, derived once at startup: deriving one costs thousands of hash
 * rounds, which must not happen on an event loop per login. Users whose secret is an md5 hash, and unknown users,
 * get a random verifier that no proof matches.
 */
public final class UserSecrets {

    private final Map<String, ScramSecret> verifiers = new HashMap<>();
    private final ScramSecret nobody;

    public UserSecrets(Iterable<UserConfig> users, SecureRandom random) {
        byte[] noise = new byte[24];
        random.nextBytes(noise);
        this.nobody = ScramSecret.generate(java.util.HexFormat.of().formatHex(noise), random);
        for (UserConfig user : users) {
            String password = user.password();
            if (password == null || Md5Password.isMd5Hash(password)) {
                continue;
            }
            verifiers.put(user.name(), ScramSecret.isVerifier(password) ? ScramSecret.parse(password)
                    : ScramSecret.generate(password, random));
        }
    }

    /** The verifier for {@code user}, or one nothing matches. */
    public ScramSecret scramFor(String user) {
        return verifiers.getOrDefault(user, nobody);
    }
}
