package io.sluice.proxy.client;

import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks a password sent in clear text ({@code hba} method {@code password}) against any stored form: plain text,
 * an md5 hash, or a SCRAM verifier (derived with the verifier's salt and iterations). Comparisons take constant
 * time.
 */
final class PlainPassword {

    private PlainPassword() {
    }

    static boolean matches(String stored, String user, String given) {
        if (ScramSecret.isVerifier(stored)) {
            ScramSecret expected = ScramSecret.parse(stored);
            ScramSecret derived = ScramSecret.fromPassword(given, expected.salt(), expected.iterations());
            return MessageDigest.isEqual(expected.storedKey(), derived.storedKey())
                    & MessageDigest.isEqual(expected.serverKey(), derived.serverKey());
        }
        if (Md5Password.isMd5Hash(stored)) {
            return MessageDigest.isEqual(bytes(stored), bytes(Md5Password.hash(given, user)));
        }
        return MessageDigest.isEqual(bytes(stored), bytes(given));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
