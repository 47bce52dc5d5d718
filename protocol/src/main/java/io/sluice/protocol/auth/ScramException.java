package io.sluice.protocol.auth;

/**
 * A failed or malformed SCRAM exchange. The message is safe to log: it never contains the password, a proof
 * or a key. The proxy reports it to the client as {@code 28P01} (invalid_password) or {@code 08P01}.
 */
public final class ScramException extends RuntimeException {

    /** Creates the exception with a message that is safe to log. */
    public ScramException(String message) {
        super(message);
    }
}
