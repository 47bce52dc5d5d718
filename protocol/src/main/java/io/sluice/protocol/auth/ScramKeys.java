package io.sluice.protocol.auth;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keys a SCRAM-SHA-256 client needs to log in without its password: {@code ClientKey} (which proves the
 * password) and {@code ServerKey} (which checks the server's answer), with the salt and iteration count of the
 * verifier they belong to.
 *
 * <p>A proxy learns them from a client's successful login against a verifier it fetched from PostgreSQL
 * ({@code ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage)}, see {@link ScramSha256Server#clientKeys()}), and
 * can then log into PostgreSQL as that user with {@link ScramSha256Client#fromKeys}: PostgreSQL sends the same salt
 * and iterations, so the same keys answer it. This is SCRAM pass-through; the password itself is never known.
 *
 * <p>Not a record: its fields are arrays. Equality is constant-time on the keys. {@link #toString()} hides them.
 */
public final class ScramKeys {

    private final byte[] clientKey;
    private final byte[] serverKey;
    private final byte[] salt;
    private final int iterations;

    /**
     * @throws IllegalArgumentException if a key is not 32 bytes, the salt is empty or iterations below 1
     */
    public ScramKeys(byte[] clientKey, byte[] serverKey, byte[] salt, int iterations) {
        this.clientKey = key(clientKey, "clientKey");
        this.serverKey = key(serverKey, "serverKey");
        this.salt = Objects.requireNonNull(salt, "salt").clone();
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt length: 0 (expected: >= 1)");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + " (expected: >= 1)");
        }
        this.iterations = iterations;
    }

    /** Whether these keys belong to {@code secret}: {@code H(ClientKey) == StoredKey} and the ServerKey is its. */
    public boolean matches(ScramSecret secret) {
        return MessageDigest.isEqual(ScramCrypto.sha256(clientKey), secret.storedKeyNoCopy())
                & MessageDigest.isEqual(serverKey, secret.serverKeyNoCopy());
    }

    /** Returns the iteration count of the verifier these keys belong to. */
    public int iterations() {
        return iterations;
    }

    /** Returns a copy of the salt of the verifier these keys belong to. */
    public byte[] salt() {
        return salt.clone();
    }

    /** Returns a copy of {@code ClientKey}. */
    public byte[] clientKey() {
        return clientKey.clone();
    }

    /** Returns a copy of {@code ServerKey}. */
    public byte[] serverKey() {
        return serverKey.clone();
    }

    byte[] clientKeyNoCopy() {
        return clientKey;
    }

    byte[] serverKeyNoCopy() {
        return serverKey;
    }

    byte[] saltNoCopy() {
        return salt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScramKeys)) {
            return false;
        }
        ScramKeys that = (ScramKeys) o;
        return iterations == that.iterations && Arrays.equals(salt, that.salt)
                && MessageDigest.isEqual(clientKey, that.clientKey) && MessageDigest.isEqual(serverKey, that.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * iterations + Arrays.hashCode(salt);
    }

    /** Shows the parameters, never the keys. */
    @Override
    public String toString() {
        return "ScramKeys[iterations=" + iterations + ", salt=" + ScramCrypto.base64(salt) + ", keys=<hidden>]";
    }

    private static byte[] key(byte[] key, String name) {
        Objects.requireNonNull(key, name);
        if (key.length != ScramCrypto.KEY_LENGTH) {
            throw new IllegalArgumentException(name + " length: " + key.length + " bytes (expected: 32)");
        }
        return key.clone();
    }
}
