package io.sluice.proxy.server;

import io.sluice.protocol.backend.ErrorResponse;

/** Opening a server connection failed; {@link #error()} is what the waiting client is told. */
public final class ServerLoginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorResponse error;

    public ServerLoginException(ErrorResponse error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ErrorResponse error() {
        return error;
    }
}
