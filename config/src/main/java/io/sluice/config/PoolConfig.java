package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Pool defaults and limits; a database may override {@code mode} and {@code size}.
 *
 * @param mode when a server goes back to its pool
 * @param size server connections per database and user pair, 1..10000
 * @param maxClientConn client connections accepted in all, 1..1000000
 * @param queryWaitTimeout longest wait for a server; zero waits forever
 * @param serverConnectTimeout longest connect and login to PostgreSQL
 * @param serverIdleTimeout idle servers older than this are closed; zero never
 * @param serverLifetime servers older than this are closed on release; zero never
 * @param serverResetQuery sent in session mode before reuse; empty sends nothing
 * @param serverResetTimeout bound on the reset or rollback of a server whose client left
 */
public record PoolConfig(PoolMode mode, int size, int maxClientConn, Duration queryWaitTimeout,
                         Duration serverConnectTimeout, Duration serverIdleTimeout, Duration serverLifetime,
                         String serverResetQuery, Duration serverResetTimeout) {

    public PoolConfig {
        requireNonNull(mode, "mode");
        requireNonNull(queryWaitTimeout, "queryWaitTimeout");
        requireNonNull(serverConnectTimeout, "serverConnectTimeout");
        requireNonNull(serverIdleTimeout, "serverIdleTimeout");
        requireNonNull(serverLifetime, "serverLifetime");
        requireNonNull(serverResetQuery, "serverResetQuery");
        requireNonNull(serverResetTimeout, "serverResetTimeout");
        Settings.POOL_SIZE.requireInRange(size);
        Settings.POOL_MAX_CLIENT_CONN.requireInRange(maxClientConn);
        Durations.requireNonNegative(queryWaitTimeout, Settings.POOL_QUERY_WAIT_TIMEOUT);
        Durations.requireNonNegative(serverConnectTimeout, Settings.POOL_SERVER_CONNECT_TIMEOUT);
        Durations.requireNonNegative(serverIdleTimeout, Settings.POOL_SERVER_IDLE_TIMEOUT);
        Durations.requireNonNegative(serverLifetime, Settings.POOL_SERVER_LIFETIME);
        Durations.requireNonNegative(serverResetTimeout, Settings.POOL_SERVER_RESET_TIMEOUT);
    }
}
