package io.sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * PostgreSQL's MD5 password scheme ({@code src/common/md5_common.c}, {@code pg_md5_encrypt}): the stored form
 * is {@code "md5" + hex(md5(password + user))}, and the response to salt {@code s} is
 * {@code "md5" + hex(md5(hex(md5(password + user)) + s))}. Weak; kept for old servers and clients.
 */
public final class Md5Password {

    private static final String PREFIX = "md5";
    private static final int HASH_LENGTH = 35;

    private Md5Password() {
    }

    /** Returns the stored form {@code "md5" + hex(md5(password + user))}. */
    public static String hash(String password, String user) {
        return PREFIX + hex(md5(bytes(password + user)));
    }

    /** Returns whether a stored password is already an MD5 hash: {@code "md5"} and 32 lowercase hex digits. */
    public static boolean isMd5Hash(String s) {
        if (s.length() != HASH_LENGTH || !s.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < HASH_LENGTH; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the PasswordMessage content answering an AuthenticationMD5Password.
     *
     * @param secret the plain password, or its stored {@code md5...} hash
     * @param user the user name from the startup message (the salt of the stored hash)
     * @param salt the 4 bytes from AuthenticationMD5Password
     */
    public static String response(String secret, String user, byte[] salt) {
        String hash = isMd5Hash(secret) ? secret : hash(secret, user);
        byte[] hexPart = bytes(hash.substring(PREFIX.length()));
        byte[] input = new byte[hexPart.length + salt.length];
        System.arraycopy(hexPart, 0, input, 0, hexPart.length);
        System.arraycopy(salt, 0, input, hexPart.length, salt.length);
        return PREFIX + hex(md5(input));
    }

    /**
     * Checks a client's response in constant time.
     *
     * @param secret the plain password, or its stored {@code md5...} hash
     */
    public static boolean verify(String secret, String user, byte[] salt, String clientResponse) {
        return MessageDigest.isEqual(bytes(response(secret, user, salt)), bytes(clientResponse));
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
