package io.sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 section 5, RFC 7677), as a pure state machine:
 *
 * <pre>
 *   client-first  --serverFirst()--&gt;  server-first
 *   client-final  --serverFinal()--&gt;  server-final   (or ScramException: wrong proof)
 * </pre>
 *
 * <p>Channel binding is refused ({@code p=} in the GS2 header): the proxy offers only {@code SCRAM-SHA-256},
 * not {@code -PLUS}. Like PostgreSQL, the user name in {@code n=} is ignored: the user is the startup one.
 * One instance per login attempt; confined to the client's event loop.
 */
public final class ScramSha256Server {

    /** Raw bytes of the server's nonce part, PostgreSQL's {@code SCRAM_RAW_NONCE_LEN}. */
    static final int NONCE_BYTES = 18;

    private enum State { INITIAL, SENT_SERVER_FIRST, DONE }

    private final ScramSecret secret;
    private final Supplier<String> nonceSource;

    private State state = State.INITIAL;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private byte[] clientKey;

    /**
     * Creates the exchange for one login.
     *
     * @param secret the user's verifier
     * @param random source of the server nonce
     */
    public ScramSha256Server(ScramSecret secret, SecureRandom random) {
        this(secret, () -> {
            byte[] raw = new byte[NONCE_BYTES];
            random.nextBytes(raw);
            return ScramCrypto.base64(raw);
        });
    }

    /** For tests: the server's nonce part comes from {@code nonceSource} (e.g. RFC 7677's example). */
    ScramSha256Server(ScramSecret secret, Supplier<String> nonceSource) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.nonceSource = Objects.requireNonNull(nonceSource, "nonceSource");
    }

    /**
     * Reads the client-first message and returns the server-first message.
     *
     * @throws ScramException if the message is malformed, requests channel binding, an authorization
     *     identity or a mandatory extension
     */
    public byte[] serverFirst(byte[] clientFirstMessage) {
        if (state != State.INITIAL) {
            throw new IllegalStateException("serverFirst: already called");
        }
        state = State.DONE;
        String message = ScramMessages.text(clientFirstMessage);
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","  (RFC 5802 section 7)
        if (message.startsWith("p=")) {
            throw new ScramException("SCRAM channel binding: requested by the client (expected: none; "
                    + "SCRAM-SHA-256-PLUS is not offered)");
        }
        if (!message.startsWith("n,") && !message.startsWith("y,")) {
            throw new ScramException("malformed SCRAM client-first-message: GS2 header (expected: n, y or p=)");
        }
        int authzidEnd = message.indexOf(',', 2);
        if (authzidEnd < 0) {
            throw new ScramException("malformed SCRAM client-first-message: GS2 header is not terminated");
        }
        if (authzidEnd != 2) {
            throw new ScramException("SCRAM authorization identity: given (expected: none, it is not supported)");
        }
        gs2Header = message.substring(0, authzidEnd + 1);
        clientFirstBare = message.substring(authzidEnd + 1);
        ScramMessages.Reader reader = new ScramMessages.Reader(message, authzidEnd + 1, "client-first-message");
        if (reader.peek() == 'm') {
            throw new ScramException("SCRAM client-first-message: unsupported mandatory extension m=");
        }
        reader.read('n');
        String clientNonce = ScramMessages.nonce(reader.read('r'), "client-first-message");
        reader.skipExtensionsUntil((char) 0);
        nonce = clientNonce + nonceSource.get();
        serverFirst = "r=" + nonce + secret.serverFirstTail();
        state = State.SENT_SERVER_FIRST;
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the client-final message, checks the proof, and returns the server-final message.
     *
     * @throws ScramException if the message is malformed, the channel binding or nonce differs, or the proof
     *     is wrong (wrong password)
     */
    public byte[] serverFinal(byte[] clientFinalMessage) {
        if (state != State.SENT_SERVER_FIRST) {
            throw new IllegalStateException("serverFinal: serverFirst has not succeeded");
        }
        state = State.DONE;
        String message = ScramMessages.text(clientFinalMessage);
        ScramMessages.Reader reader = new ScramMessages.Reader(message, 0, "client-final-message");
        String channelBinding = reader.read('c');
        String expectedBinding = ScramCrypto.base64(gs2Header.getBytes(StandardCharsets.UTF_8));
        if (!channelBinding.equals(expectedBinding)) {
            throw new ScramException("SCRAM channel binding: does not match the client-first-message GS2 header");
        }
        String finalNonce = reader.read('r');
        if (!finalNonce.equals(nonce)) {
            throw new ScramException("SCRAM nonce: does not match the nonce of this exchange");
        }
        reader.skipExtensionsUntil('p');
        int proofAt = reader.position();
        if (proofAt == 0 || message.charAt(proofAt - 1) != ',') {
            throw new ScramException("malformed SCRAM client-final-message: proof is missing");
        }
        byte[] proof = ScramCrypto.unbase64(reader.read('p'), "p");
        reader.requireEnd();
        if (proof.length != ScramCrypto.KEY_LENGTH) {
            throw new ScramException("SCRAM proof length: " + proof.length + " bytes (expected: 32)");
        }
        // Encoded once for both signatures.
        byte[] authMessage = (clientFirstBare + ',' + serverFirst + ',' + message.substring(0, proofAt - 1))
                .getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramCrypto.hmac(secret.storedKeyNoCopy(), authMessage);
        byte[] clientKey = ScramCrypto.xor(proof, clientSignature);
        // Constant time: the comparison must not tell an attacker how many bytes of a forged proof were right.
        if (!MessageDigest.isEqual(ScramCrypto.sha256(clientKey), secret.storedKeyNoCopy())) {
            throw new ScramException("SCRAM proof: does not match (wrong password)");
        }
        this.clientKey = clientKey;
        byte[] serverSignature = ScramCrypto.hmac(secret.serverKeyNoCopy(), authMessage);
        return ("v=" + ScramCrypto.base64(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Returns the client's keys, recovered from its proof after {@link #serverFinal} accepted it:
     * {@code ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage)}, checked by {@code H(ClientKey) == StoredKey},
     * with the verifier's ServerKey, salt and iterations. With them the proxy can log into PostgreSQL as this user
     * (SCRAM pass-through, {@link ScramSha256Client#fromKeys}).
     *
     * @throws IllegalStateException if the exchange has not succeeded
     */
    public ScramKeys clientKeys() {
        if (clientKey == null) {
            throw new IllegalStateException("clientKeys: the exchange has not succeeded");
        }
        return new ScramKeys(clientKey, secret.serverKeyNoCopy(), secret.saltNoCopy(), secret.iterations());
    }
}
