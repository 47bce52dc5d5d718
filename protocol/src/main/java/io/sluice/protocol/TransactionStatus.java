package io.sluice.protocol;

/**
 * The transaction status byte of {@code ReadyForQuery} ('Z'): idle, in a transaction block, or in a failed one.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">ReadyForQuery</a>
 */
public enum TransactionStatus {
    /** {@code 'I'}: not in a transaction block; the server may go back to a pool. */
    IDLE((byte) 'I'),
    /** {@code 'T'}: inside a transaction block. */
    IN_TRANSACTION((byte) 'T'),
    /** {@code 'E'}: inside a failed transaction block; queries are rejected until it ends. */
    FAILED((byte) 'E');

    private final byte code;

    TransactionStatus(byte code) {
        this.code = code;
    }

    /** Returns the byte as sent on the wire. */
    public byte code() {
        return code;
    }

    /**
     * Maps a wire byte to a status.
     *
     * @throws ProtocolException if the byte is none of {@code I}, {@code T}, {@code E}: a server that sends
     *     one is out of step with us and must not be reused
     */
    public static TransactionStatus of(byte b) {
        switch (b) {
            case 'I':
                return IDLE;
            case 'T':
                return IN_TRANSACTION;
            case 'E':
                return FAILED;
            default:
                throw new ProtocolException(
                        "transaction status: " + Tags.describe(b) + " (expected: 'I', 'T' or 'E')");
        }
    }
}
