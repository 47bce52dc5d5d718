package io.sluice.proxy.client;

/**
 * Where a logged-in client is; see the diagram on {@link ClientConnection}.
 */
enum ClientState {
    /** Authenticated; waiting for a server to finish the welcome (session mode, or a pool with no server yet). */
    LOGIN,
    /** Logged in, holding no server (transaction and statement modes between transactions). */
    IDLE,
    /** Queued for a server with the first message of a transaction; reading stops meanwhile. */
    WAITING,
    /** Holding a server; messages are forwarded as they arrive. */
    ATTACHED,
    /** Gone; nothing more is read or written. */
    CLOSED
}
