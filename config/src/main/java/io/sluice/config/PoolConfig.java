package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Pool defaults and limits; a database may override {@code mode} and {@code size}. The record does not check
 * {@code minPoolSize <= size}: that rule involves databases too, and the validator reports it against the file.
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
 * @param queryWaitNotify a client waiting this long for a server gets a NOTICE saying why; zero never
 * @param minPoolSize servers kept open and ready per pool, even when idle, 0..10000
 * @param serverLoginRetry after a failed connection attempt, how long new attempts to that database wait
 *        (clients waiting meanwhile fail at once with 08006 naming the cause)
 * @param clientIdleTimeout a logged-in client sending nothing this long is disconnected; zero never
 * @param idleTransactionTimeout a client idle in a transaction this long is disconnected and its transaction
 *        rolled back; zero never
 * @param queryTimeout a request running longer than this is cancelled and its client disconnected; zero never
 * @param serverCheckDelay an idle server unused for this long is checked with {@code serverCheckQuery} before a
 *        client gets it; zero checks every time
 * @param serverCheckQuery the query that checks an idle server (a failure closes that server and another is
 *        used); empty checks nothing
 * @param reservePoolSize extra servers a pool may open, beyond its size, for clients that have waited
 *        {@code reservePoolTimeout}, 0..10000
 * @param reservePoolTimeout how long a client waits before the reserve pool may serve it
 * @param maxDbConnections the most servers open to one database over all its users' pools (clients beyond it
 *        wait), 0..100000; zero is unlimited
 * @param maxUserConnections the most servers open for one user over all databases (clients beyond it wait),
 *        0..100000; zero is unlimited
 * @param maxPreparedStatements prepared statements kept on each server in transaction and statement modes, least
 *        recently used closed beyond it, 0..100000; zero turns prepared-statement tracking off (named statements
 *        pass through untouched, as in session mode)
 * @param maxClientPreparedStatements named prepared statements one client may hold (a client that prepares more
 *        is disconnected), 1..1000000
 */
public record PoolConfig(PoolMode mode, int size, int maxClientConn, Duration queryWaitTimeout,
                         Duration serverConnectTimeout, Duration serverIdleTimeout, Duration serverLifetime,
                         String serverResetQuery, Duration serverResetTimeout, Duration queryWaitNotify,
                         int minPoolSize, Duration serverLoginRetry, Duration clientIdleTimeout,
                         Duration idleTransactionTimeout, Duration queryTimeout, Duration serverCheckDelay,
                         String serverCheckQuery, int reservePoolSize, Duration reservePoolTimeout,
                         int maxDbConnections, int maxUserConnections, int maxPreparedStatements,
                         int maxClientPreparedStatements) {

    public PoolConfig {
        requireNonNull(mode, "mode");
        requireNonNull(queryWaitTimeout, "queryWaitTimeout");
        requireNonNull(serverConnectTimeout, "serverConnectTimeout");
        requireNonNull(serverIdleTimeout, "serverIdleTimeout");
        requireNonNull(serverLifetime, "serverLifetime");
        requireNonNull(serverResetQuery, "serverResetQuery");
        requireNonNull(serverResetTimeout, "serverResetTimeout");
        requireNonNull(queryWaitNotify, "queryWaitNotify");
        requireNonNull(serverLoginRetry, "serverLoginRetry");
        requireNonNull(clientIdleTimeout, "clientIdleTimeout");
        requireNonNull(idleTransactionTimeout, "idleTransactionTimeout");
        requireNonNull(queryTimeout, "queryTimeout");
        requireNonNull(serverCheckDelay, "serverCheckDelay");
        requireNonNull(serverCheckQuery, "serverCheckQuery");
        requireNonNull(reservePoolTimeout, "reservePoolTimeout");
        Settings.POOL_SIZE.requireInRange(size);
        Settings.POOL_MAX_CLIENT_CONN.requireInRange(maxClientConn);
        Settings.POOL_MIN_POOL_SIZE.requireInRange(minPoolSize);
        Settings.POOL_RESERVE_POOL_SIZE.requireInRange(reservePoolSize);
        Settings.POOL_MAX_DB_CONNECTIONS.requireInRange(maxDbConnections);
        Settings.POOL_MAX_USER_CONNECTIONS.requireInRange(maxUserConnections);
        Settings.POOL_MAX_PREPARED_STATEMENTS.requireInRange(maxPreparedStatements);
        Settings.POOL_MAX_CLIENT_PREPARED_STATEMENTS.requireInRange(maxClientPreparedStatements);
        Durations.requireNonNegative(queryWaitTimeout, Settings.POOL_QUERY_WAIT_TIMEOUT);
        Durations.requireNonNegative(serverConnectTimeout, Settings.POOL_SERVER_CONNECT_TIMEOUT);
        Durations.requireNonNegative(serverIdleTimeout, Settings.POOL_SERVER_IDLE_TIMEOUT);
        Durations.requireNonNegative(serverLifetime, Settings.POOL_SERVER_LIFETIME);
        Durations.requireNonNegative(serverResetTimeout, Settings.POOL_SERVER_RESET_TIMEOUT);
        Durations.requireNonNegative(queryWaitNotify, Settings.POOL_QUERY_WAIT_NOTIFY);
        Durations.requireNonNegative(serverLoginRetry, Settings.POOL_SERVER_LOGIN_RETRY);
        Durations.requireNonNegative(clientIdleTimeout, Settings.POOL_CLIENT_IDLE_TIMEOUT);
        Durations.requireNonNegative(idleTransactionTimeout, Settings.POOL_IDLE_TRANSACTION_TIMEOUT);
        Durations.requireNonNegative(queryTimeout, Settings.POOL_QUERY_TIMEOUT);
        Durations.requireNonNegative(serverCheckDelay, Settings.POOL_SERVER_CHECK_DELAY);
        Durations.requireNonNegative(reservePoolTimeout, Settings.POOL_RESERVE_POOL_TIMEOUT);
    }
}
