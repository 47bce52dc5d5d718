package io.sluice.proxy.cancel;

import io.sluice.proxy.server.ServerConnection;

/** A client whose running request a {@code CancelRequest} may cancel. */
public interface Cancellable {

    /** The server running the client's request now, or {@code null} when it holds none. Any thread. */
    ServerConnection cancelTarget();
}
