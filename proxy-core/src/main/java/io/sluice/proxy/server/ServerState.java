package io.sluice.proxy.server;

/**
 * Where a logged-in server connection is in its life.
 *
 * <pre>
 *   IDLE ──attach──▶ ACTIVE ──client leaves──▶ RESETTING ──reset done──▶ IDLE
 *     │                 │                          │
 *     └────────────────┴──────────────────────────┴──▶ CLOSED
 * </pre>
 * Login happens before a {@code ServerConnection} exists ({@link ServerLogin}).
 */
public enum ServerState {
    /** In its pool, no client. */
    IDLE,
    /** Serving a client. */
    ACTIVE,
    /** Its client left; the proxy rolls back and resets it before it goes back to the pool. */
    RESETTING,
    /** Closed or closing; never used again. */
    CLOSED
}
