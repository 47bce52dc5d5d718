package io.sluice.proxy.server;

import io.sluice.protocol.backend.ErrorResponse;

/** Opening a server connection failed; {@link #error()} is what the waiting client is told. */
public final class ServerLoginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorResponse error;
    private final boolean outOfDescriptors;

    public ServerLoginException(ErrorResponse error) {
        this(error, false);
    }

    /** {@code outOfDescriptors}: Sluice could not open the socket at all (EMFILE), PostgreSQL is not to blame. */
    public ServerLoginException(ErrorResponse error, boolean outOfDescriptors) {
        super(error.message(), null, false, false);
        this.error = error;
        this.outOfDescriptors = outOfDescriptors;
    }

    public ErrorResponse error() {
        return error;
    }

    public boolean outOfDescriptors() {
        return outOfDescriptors;
    }
}
