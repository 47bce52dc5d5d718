package io.sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The client side of one SCRAM-SHA-256 exchange (RFC 5802 section 5), used to log into PostgreSQL:
 *
 * <pre>
 *   clientFirst()                    --&gt;  client-first
 *   clientFinal(server-first)        --&gt;  client-final
 *   verifyServerFinal(server-final)       (ScramException unless the server proved it knows the verifier)
 * </pre>
 *
 * <p>No channel binding ({@code n,,}); the user name sent is {@code *} because PostgreSQL takes the user from
 * the startup message and ignores this one. One instance per login; confined to the server's event loop.
 */
public final class ScramSha256Client {

    /**
     * The most PBKDF2 rounds Sluice accepts from a server (PostgreSQL's default is 4096). The derivation runs on an
     * event loop, so a server asking for millions of rounds would stall every connection on it.
     */
    public static final int MAX_ITERATIONS = 100_000;

    private enum State { INITIAL, SENT_CLIENT_FIRST, SENT_CLIENT_FINAL, DONE }

    private static final String GS2_HEADER = "n,,";

    /** The password, or {@code null} when logging in with {@link #keys}. */
    private final String password;
    /** The keys of a pass-through login, or {@code null} when logging in with {@link #password}. */
    private final ScramKeys keys;
    private final String clientFirstBare;
    private final String clientNonce;

    /** Where the keys of {@link #password} are remembered, or {@code null} to derive them for this login. */
    private ScramPasswordKeys derived;
    private State state = State.INITIAL;
    private byte[] expectedServerSignature;

    /**
     * Creates the exchange for one login.
     *
     * @param password the user's password
     * @param random source of the client nonce
     */
    public ScramSha256Client(String password, SecureRandom random) {
        this(password, "*", randomNonce(random));
    }

    /**
     * Creates the exchange for one login with a password whose keys are taken from {@code derived}: the PBKDF2
     * derivation runs only for a salt and iteration count not seen before for this password.
     */
    public ScramSha256Client(String password, SecureRandom random, ScramPasswordKeys derived) {
        this(Objects.requireNonNull(password, "password"), null, "*", randomNonce(random));
        this.derived = Objects.requireNonNull(derived, "derived");
    }

    /**
     * Creates the exchange for one pass-through login: the proof is made from {@code ClientKey} and the server is
     * checked with {@code ServerKey}, both recovered from a client's login against the same verifier
     * ({@link ScramSha256Server#clientKeys()}). The server must send that verifier's salt and iterations; otherwise the
     * password changed since and {@link #clientFinal} fails.
     */
    public static ScramSha256Client fromKeys(ScramKeys keys, SecureRandom random) {
        return new ScramSha256Client(null, Objects.requireNonNull(keys, "keys"), "*", randomNonce(random));
    }

    /** For tests: a pass-through exchange with a fixed user name and nonce. */
    static ScramSha256Client fromKeys(ScramKeys keys, String user, String clientNonce) {
        return new ScramSha256Client(null, Objects.requireNonNull(keys, "keys"), user, clientNonce);
    }

    /** For tests: a fixed user name and nonce (e.g. RFC 7677's example). */
    ScramSha256Client(String password, String user, String clientNonce) {
        this(Objects.requireNonNull(password, "password"), null, user, clientNonce);
    }

    private ScramSha256Client(String password, ScramKeys keys, String user, String clientNonce) {
        this.password = password;
        this.keys = keys;
        this.clientNonce = ScramMessages.nonce(clientNonce, "client nonce");
        this.clientFirstBare = "n=" + ScramMessages.saslName(user) + ",r=" + clientNonce;
    }

    /** Returns the client-first message. */
    public byte[] clientFirst() {
        if (state != State.INITIAL) {
            throw new IllegalStateException("clientFirst: already called");
        }
        state = State.SENT_CLIENT_FIRST;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the server-first message and returns the client-final message with the proof.
     *
     * @throws ScramException if the message is malformed, its nonce does not extend ours, or it requires a
     *     mandatory extension
     */
    public byte[] clientFinal(byte[] serverFirstMessage) {
        if (state != State.SENT_CLIENT_FIRST) {
            throw new IllegalStateException("clientFinal: clientFirst has not been called");
        }
        state = State.DONE;
        String serverFirst = ScramMessages.text(serverFirstMessage);
        ScramMessages.Reader reader = new ScramMessages.Reader(serverFirst, 0, "server-first-message");
        if (reader.peek() == 'm') {
            throw new ScramException("SCRAM server-first-message: unsupported mandatory extension m=");
        }
        String nonce = ScramMessages.nonce(reader.read('r'), "server-first-message");
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new ScramException("SCRAM nonce: the server's does not extend the client's");
        }
        byte[] salt = ScramCrypto.unbase64(reader.read('s'), "s");
        int iterations = iterations(reader.read('i'), keys == null);
        reader.skipExtensionsUntil((char) 0);
        if (salt.length == 0) {
            throw new ScramException("SCRAM salt: empty (expected: at least one byte)");
        }

        String withoutProof = "c=" + ScramCrypto.base64(GS2_HEADER.getBytes(StandardCharsets.UTF_8)) + ",r=" + nonce;
        String authMessage = clientFirstBare + ',' + serverFirst + ',' + withoutProof;
        byte[] proof = keys != null ? proofFromKeys(keys, salt, iterations, authMessage)
                : derived != null ? proofFromKeys(derived.keysFor(password, salt, iterations), salt, iterations,
                        authMessage)
                : proofFromPassword(salt, iterations, authMessage);
        state = State.SENT_CLIENT_FINAL;
        return (withoutProof + ",p=" + ScramCrypto.base64(proof)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] proofFromPassword(byte[] salt, int iterations, String authMessage) {
        byte[] saltedPassword = ScramCrypto.saltedPassword(password, salt, iterations);
        try {
            byte[] serverKey = ScramCrypto.hmac(saltedPassword, "Server Key");
            expectedServerSignature = ScramCrypto.hmac(serverKey, authMessage);
            return proof(ScramCrypto.hmac(saltedPassword, "Client Key"), authMessage);
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
        }
    }

    private byte[] proofFromKeys(ScramKeys keys, byte[] salt, int iterations, String authMessage) {
        if (iterations != keys.iterations() || !Arrays.equals(salt, keys.saltNoCopy())) {
            throw new ScramException("SCRAM salt and iterations: differ from the verifier the keys were recovered "
                    + "from (the password was changed since)");
        }
        expectedServerSignature = ScramCrypto.hmac(keys.serverKeyNoCopy(), authMessage);
        return proof(keys.clientKeyNoCopy(), authMessage);
    }

    /** {@code ClientProof = ClientKey XOR HMAC(H(ClientKey), AuthMessage)}. */
    private static byte[] proof(byte[] clientKey, String authMessage) {
        byte[] storedKey = ScramCrypto.sha256(clientKey);
        return ScramCrypto.xor(clientKey, ScramCrypto.hmac(storedKey, authMessage));
    }

    /**
     * Checks the server-final message: the server must prove it knows the verifier too.
     *
     * @throws ScramException if the server reported an error ({@code e=}) or its signature is wrong
     */
    public void verifyServerFinal(byte[] serverFinalMessage) {
        if (state != State.SENT_CLIENT_FINAL) {
            throw new IllegalStateException("verifyServerFinal: clientFinal has not succeeded");
        }
        state = State.DONE;
        String serverFinal = ScramMessages.text(serverFinalMessage);
        ScramMessages.Reader reader = new ScramMessages.Reader(serverFinal, 0, "server-final-message");
        if (reader.peek() == 'e') {
            throw new ScramException("SCRAM server error: " + reader.read('e'));
        }
        byte[] signature = ScramCrypto.unbase64(reader.read('v'), "v");
        reader.skipExtensionsUntil((char) 0);
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException("SCRAM server signature: does not match (the server does not know the "
                    + "password's verifier)");
        }
    }

    /** @param derives whether Sluice derives keys with these iterations (capped), or has them already */
    private static int iterations(String value, boolean derives) {
        int iterations;
        try {
            iterations = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ScramException("SCRAM iteration count: not a number");
        }
        if (iterations < 1 || (derives && iterations > MAX_ITERATIONS)) {
            throw new ScramException("SCRAM iteration count: " + iterations + " (expected: 1.." + MAX_ITERATIONS
                    + "; the key derivation runs on an event loop)");
        }
        return iterations;
    }

    private static String randomNonce(SecureRandom random) {
        byte[] raw = new byte[ScramSha256Server.NONCE_BYTES];
        random.nextBytes(raw);
        return ScramCrypto.base64(raw);
    }
}
