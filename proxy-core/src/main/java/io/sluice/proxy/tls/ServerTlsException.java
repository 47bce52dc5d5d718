package io.sluice.proxy.tls;

/** TLS towards PostgreSQL could not be set up; the message says why, for the operator. */
public final class ServerTlsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerTlsException(String message) {
        super(message, null, false, false);
    }
}
