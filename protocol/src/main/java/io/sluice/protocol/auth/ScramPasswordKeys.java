package io.sluice.protocol.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SCRAM keys derived from a password for the salt and iteration count a server asked for, remembered per
 * password: the PBKDF2 derivation (milliseconds at PostgreSQL's 4 096 rounds) then runs once per password and
 * verifier, not once per server connection on an event loop. A server that presents another salt or iteration count
 * (the password was changed) gets keys derived afresh, which replace the old ones.
 *
 * <p>The keys log in as the password would, and live as long as the configuration that holds the password. Thread
 * safe; at most {@value #MAX_PASSWORDS} passwords are kept (beyond that, everything is forgotten and derived again).
 */
public final class ScramPasswordKeys {

    static final int MAX_PASSWORDS = 1024;

    private final Map<String, ScramKeys> byPassword = new ConcurrentHashMap<>();

    /** The keys of {@code password} for {@code salt} and {@code iterations}, derived now only when not known. */
    public ScramKeys keysFor(String password, byte[] salt, int iterations) {
        ScramKeys known = byPassword.get(password);
        if (known != null && known.iterations() == iterations && Arrays.equals(known.saltNoCopy(), salt)) {
            return known;
        }
        byte[] saltedPassword = ScramCrypto.saltedPassword(password, salt, iterations);
        ScramKeys derived;
        try {
            derived = new ScramKeys(ScramCrypto.hmac(saltedPassword, "Client Key"),
                    ScramCrypto.hmac(saltedPassword, "Server Key"), salt, iterations);
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
        }
        if (byPassword.size() >= MAX_PASSWORDS) {
            byPassword.clear();
        }
        byPassword.put(password, derived);
        return derived;
    }
}
