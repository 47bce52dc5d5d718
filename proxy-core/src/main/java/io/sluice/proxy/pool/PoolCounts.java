package io.sluice.proxy.pool;

/**
 * One pool's connections by state, counted when asked ({@code SHOW POOLS}, metrics scrapes), never per query.
 *
 * @param clientsActive logged-in clients not waiting for a server (holding one or between transactions)
 * @param clientsWaiting clients queued for a server (or, in session mode, logging in while none is free)
 * @param clientsAttached clients holding a server right now
 * @param serversActive servers serving a client
 * @param serversIdle servers in the pool, ready
 * @param serversUsed idle servers that must pass {@code pool.server_check_query} before their next client
 * @param serversLogin servers still connecting or logging in
 * @param maxWaitNanos how long the longest-waiting client has waited, 0 when none waits
 * @param serversBeingCancelled servers with a cancel request PostgreSQL has not dealt with yet (among the active)
 */
public record PoolCounts(int clientsActive, int clientsWaiting, int clientsAttached, int serversActive,
                         int serversIdle, int serversUsed, int serversLogin, long maxWaitNanos,
                         int serversBeingCancelled) {

    /** Servers open or opening. */
    public int servers() {
        return serversActive + serversIdle + serversUsed + serversLogin;
    }

    /** Logged-in clients. */
    public int clients() {
        return clientsActive + clientsWaiting;
    }
}
