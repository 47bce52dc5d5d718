package io.sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 primitives of RFC 5802 section 2.2, with SHA-256 as RFC 7677 specifies. */
final class ScramCrypto {

    static final String MECHANISM = "SCRAM-SHA-256";
    static final int KEY_LENGTH = 32;

    /*
     * One HMAC and one digest per thread, re-keyed or reset by every use: finding them through the JCA
     * (Mac.getInstance, the provider choice at init, MessageDigest.getInstance) cost more than the hashing itself,
     * about 5 % of a warm login's CPU in a storm of 2 000, and was most of the garbage of a login's SCRAM check.
     * doFinal and digest leave them reset; init replaces the key. The HMAC keeps the last key's padded form until
     * the thread's next use; the secrets it is keyed with (stored and server keys, a salted password) stay in memory
     * for the process's life anyway, in the user's verifier or its configured password.
     */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private ScramCrypto() {
    }

    /** {@code HMAC(key, str)}. */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = mac(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code HMAC(key, str)} of an ASCII/UTF-8 string. */
    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code H(str)}. */
    static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** {@code Hi(str, salt, i)}: PBKDF2 with HMAC-SHA-256 and one output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = mac(password);
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code SaltedPassword} from a password after SASLprep. */
    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        byte[] normalized = SaslPrep.prepare(password).getBytes(StandardCharsets.UTF_8);
        try {
            return hi(normalized, salt, iterations);
        } finally {
            Arrays.fill(normalized, (byte) 0);
        }
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes base64, naming the attribute on failure.
     *
     * @throws ScramException if the value is not base64
     */
    static byte[] unbase64(String value, String attribute) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ScramException("SCRAM attribute " + attribute + ": not valid base64");
        }
    }

    /** This thread's HMAC, keyed with {@code key}. */
    private static Mac mac(byte[] key) throws GeneralSecurityException {
        Mac mac = HMAC.get();
        // SecretKeySpec refuses an empty key; HMAC pads short keys with zeros to the block size (RFC 2104),
        // so the one-byte key {0} is the same key as the empty one.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
        return mac;
    }
}
