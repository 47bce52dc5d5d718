package io.sluice.proxy.client;

/**
 * Where a logged-in client is.
 *
 * <pre>
 *   LOGIN ──server ready, welcome sent──▶ ATTACHED ──▶ CLOSED
 *     └────────────────────────────────────────────────▲
 * </pre>
 * In session mode a client keeps the server it logged in with until it leaves. Transaction and statement modes
 * will add IDLE (no server) and WAITING (queued for one) between transactions.
 */
enum ClientState {
    /** Authenticated; waiting for its server and for the welcome (parameters, key, ReadyForQuery). */
    LOGIN,
    /** Holding a server; messages are forwarded as they arrive. */
    ATTACHED,
    /** Gone; nothing more is read or written. */
    CLOSED
}
