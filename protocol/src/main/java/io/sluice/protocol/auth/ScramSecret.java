package io.sluice.protocol.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A SCRAM-SHA-256 verifier as PostgreSQL stores it in {@code pg_authid.rolpassword}:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, all base64. It lets a server check a
 * client without knowing the password.
 *
 * <p>Not a record: its fields are arrays, which records would compare by identity. Accessors return copies.
 */
public final class ScramSecret {

    /** Iterations of {@link #generate}, PostgreSQL's default {@code scram_iterations}. */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** Salt length of {@link #generate}, PostgreSQL's {@code SCRAM_DEFAULT_SALT_LEN}. */
    public static final int DEFAULT_SALT_LENGTH = 16;

    private static final String PREFIX = ScramCrypto.MECHANISM + "$";

    private final int iterations;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;
    /** {@code ,s=salt,i=iterations}: the end of every server-first message for this verifier, encoded once. */
    private final String serverFirstTail;

    private ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
        this.iterations = iterations;
        this.salt = salt;
        this.storedKey = storedKey;
        this.serverKey = serverKey;
        this.serverFirstTail = ",s=" + ScramCrypto.base64(salt) + ",i=" + iterations;
    }

    /** Returns whether a stored password is a SCRAM-SHA-256 verifier (rather than MD5 or plain text). */
    public static boolean isVerifier(String s) {
        try {
            parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses a verifier.
     *
     * @throws IllegalArgumentException naming the part that is wrong; the message never echoes the keys
     */
    public static ScramSecret parse(String verifier) {
        Objects.requireNonNull(verifier, "verifier");
        if (!verifier.startsWith(PREFIX)) {
            throw new IllegalArgumentException("SCRAM verifier: does not start with " + PREFIX);
        }
        String[] parts = verifier.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "SCRAM verifier: " + (parts.length + 1) + " '$'-separated parts (expected: 3)");
        }
        String[] iterationsAndSalt = parts[0].split(":", -1);
        String[] keys = parts[1].split(":", -1);
        if (iterationsAndSalt.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException(
                    "SCRAM verifier: malformed (expected: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationsAndSalt[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SCRAM verifier iterations: not a number");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM verifier iterations: " + iterations + " (expected: >= 1)");
        }
        byte[] salt = decode(iterationsAndSalt[1], "salt");
        if (salt.length == 0) {
            throw new IllegalArgumentException("SCRAM verifier salt: empty (expected: at least one byte)");
        }
        return new ScramSecret(iterations, salt, decodeKey(keys[0], "StoredKey"), decodeKey(keys[1], "ServerKey"));
    }

    /** Derives the verifier of a password, as {@code CREATE ROLE ... PASSWORD} does. */
    public static ScramSecret fromPassword(String password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt length: 0 (expected: >= 1)");
        }
        byte[] saltedPassword = ScramCrypto.saltedPassword(password, salt, iterations);
        try {
            byte[] storedKey = ScramCrypto.sha256(ScramCrypto.hmac(saltedPassword, "Client Key"));
            byte[] serverKey = ScramCrypto.hmac(saltedPassword, "Server Key");
            return new ScramSecret(iterations, salt.clone(), storedKey, serverKey);
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
        }
    }

    /** Derives a verifier with a random 16-byte salt and 4096 iterations. */
    public static ScramSecret generate(String password, SecureRandom random) {
        byte[] salt = new byte[DEFAULT_SALT_LENGTH];
        random.nextBytes(salt);
        return fromPassword(password, salt, DEFAULT_ITERATIONS);
    }

    /** Returns the verifier text, in PostgreSQL's format. */
    public String encode() {
        return PREFIX + iterations + ':' + ScramCrypto.base64(salt) + '$' + ScramCrypto.base64(storedKey) + ':'
                + ScramCrypto.base64(serverKey);
    }

    /** Returns the iteration count. */
    public int iterations() {
        return iterations;
    }

    /** Returns a copy of the salt. */
    public byte[] salt() {
        return salt.clone();
    }

    /** Returns a copy of {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}. */
    public byte[] storedKey() {
        return storedKey.clone();
    }

    /** Returns a copy of {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. */
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Package-private access without a copy, for the exchange. */
    byte[] storedKeyNoCopy() {
        return storedKey;
    }

    byte[] serverKeyNoCopy() {
        return serverKey;
    }

    byte[] saltNoCopy() {
        return salt;
    }

    String serverFirstTail() {
        return serverFirstTail;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScramSecret)) {
            return false;
        }
        ScramSecret that = (ScramSecret) o;
        return iterations == that.iterations && Arrays.equals(salt, that.salt)
                && MessageDigest.isEqual(storedKey, that.storedKey) && MessageDigest.isEqual(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(storedKey);
    }

    /** Shows the parameters, never the keys. */
    @Override
    public String toString() {
        return "ScramSecret[iterations=" + iterations + ", salt=" + ScramCrypto.base64(salt) + ", keys=<hidden>]";
    }

    private static byte[] decode(String value, String part) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SCRAM verifier " + part + ": not valid base64");
        }
    }

    private static byte[] decodeKey(String value, String part) {
        byte[] key = decode(value, part);
        if (key.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "SCRAM verifier " + part + " length: " + key.length + " bytes (expected: 32)");
        }
        return key;
    }
}
