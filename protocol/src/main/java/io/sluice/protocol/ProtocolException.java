package io.sluice.protocol;

/**
 * A violation of the wire protocol by the peer: a malformed length, a missing terminator, an unknown code.
 *
 * <p>It always maps to SQLSTATE {@code 08P01} (protocol_violation). The session that raised it is out of
 * step and must be closed, never reused. Messages follow {@code "what: value (expected: ...)"}.
 */
public final class ProtocolException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what was wrong, in the form {@code "message length: 3 (expected: >= 4)"}
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * Finds a protocol exception in a cause chain. Decoders' exceptions reach {@code exceptionCaught} wrapped in
     * Netty's {@code DecoderException}, so handlers look through the chain rather than at the top.
     *
     * @return the first {@code ProtocolException} in the chain, or {@code null} if there is none
     */
    public static ProtocolException findIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProtocolException) {
                return (ProtocolException) c;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** Returns the SQLSTATE to report: always {@link SqlState#PROTOCOL_VIOLATION}. */
    public String sqlState() {
        return SqlState.PROTOCOL_VIOLATION;
    }
}
