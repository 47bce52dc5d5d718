package io.sluice.proxy;

import io.sluice.config.ClientTlsMode;
import io.sluice.config.ServerTlsMode;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.server.ServerTarget;
import io.sluice.proxy.stats.ConnectFailure;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.time.Duration;

/**
 * Every error Sluice itself raises, in one place. Each says what happened and, where one governs it, which
 * setting; each carries the SQLSTATE drivers branch on (ARCHITECTURE.md, "Errors the client sees").
 */
public final class ProxyErrors {

    private static final String FATAL = "FATAL";
    private static final String ERROR = "ERROR";

    private ProxyErrors() {
    }

    /** Wrong password and unknown user read the same, so user names cannot be probed. */
    public static ErrorResponse passwordFailed(String user) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_PASSWORD,
                "password authentication failed for user \"" + user + "\"");
    }

    /** The {@code auth.query} lookup could not reach PostgreSQL or log in as {@code auth.user}. */
    public static ErrorResponse authQueryUnreachable(String user, ErrorResponse why) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE, "could not look up the password of user \""
                + user + "\" with auth.query: " + why.message());
    }

    /** The {@code auth.query} lookup's connection broke or did not answer in time. */
    public static ErrorResponse authQueryLost(String user, String what) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE, "could not look up the password of user \""
                + user + "\" with auth.query: " + what);
    }

    /**
     * The {@code auth.query} lookup ran but failed or returned something unusable. The details (which may describe
     * the server's catalog) go to Sluice's log, not to a client that has not logged in.
     */
    public static ErrorResponse authQueryFailed(String user) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "could not look up the password of user \""
                + user + "\": auth.query failed (the Sluice log says why)");
    }

    public static ErrorResponse noUserName() {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "no user name specified in startup packet");
    }

    public static ErrorResponse unknownDatabase(String database) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist")
                .withHint("Sluice serves the databases listed under \"databases:\" in its configuration.");
    }

    public static ErrorResponse tooManyClients(int maxClientConn) {
        return ErrorResponse.of(FATAL, SqlState.TOO_MANY_CONNECTIONS,
                "no more connections allowed (pool.max_client_conn: " + maxClientConn + ")");
    }

    public static ErrorResponse tooManyClientsFrom(String address, int max) {
        return ErrorResponse.of(FATAL, SqlState.TOO_MANY_CONNECTIONS, "no more connections allowed from " + address
                + " (listen.max_client_conn_per_address: " + max + ")");
    }

    public static ErrorResponse loginBackoff(String address, Duration remaining) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "too many failed logins from " + address
                + "; try again in " + Math.max(1, (remaining.toMillis() + 999) / 1000)
                + " s (auth.failure_backoff_after)");
    }

    public static ErrorResponse protocolViolation(String what) {
        return ErrorResponse.of(FATAL, SqlState.PROTOCOL_VIOLATION, "protocol violation: " + what);
    }

    public static ErrorResponse unsupportedProtocol(int version) {
        return ErrorResponse.of(FATAL, SqlState.PROTOCOL_VIOLATION, "unsupported frontend protocol "
                + (version >> 16) + "." + (version & 0xffff) + ": Sluice supports protocol 3.0 to 3.2");
    }

    public static ErrorResponse replicationNotSupported() {
        return ErrorResponse.of(FATAL, SqlState.PROTOCOL_VIOLATION,
                "replication connections are not supported by Sluice; connect to PostgreSQL directly");
    }

    public static ErrorResponse clientLoginTimeout(Duration timeout) {
        return ErrorResponse.of(FATAL, SqlState.PROTOCOL_VIOLATION,
                "login not completed within listen.client_login_timeout (" + timeout.toMillis() + " ms)");
    }

    public static ErrorResponse shuttingDown() {
        return ErrorResponse.of(FATAL, SqlState.ADMIN_SHUTDOWN, "Sluice is shutting down");
    }

    public static ErrorResponse queryWaitTimeout(Duration timeout) {
        return ErrorResponse.of(ERROR, SqlState.QUERY_CANCELED, "no server connection became free within "
                + "pool.query_wait_timeout (" + timeout.toMillis() + " ms)")
                .withHint("Raise pool.size or the database's pool_size, or shorten the transactions that hold "
                        + "server connections.");
    }

    public static ErrorResponse serverUnreachable(ServerTarget target, Throwable cause) {
        String message = cause == null ? "" : String.valueOf(cause.getMessage());
        boolean unix = target.unixSocketPath() != null;
        // Netty's native transports report a missing socket file as FileNotFoundException, NIO in the message.
        String why = unix && (cause instanceof FileNotFoundException || message.contains("No such file"))
                ? "no such socket (is PostgreSQL running, with this directory in unix_socket_directories?)"
                : unix && message.contains("Permission denied")
                ? "permission denied (Sluice's user may not open the socket or its directory)"
                : cause instanceof ConnectException ? "connection refused"
                : ConnectFailure.outOfDescriptors(cause)
                ? "Sluice is out of file descriptors (Too many open files); raise its open-file limit (ulimit -n)"
                : cause == null ? "unknown error" : message;
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE,
                "could not connect to PostgreSQL at " + target.address() + ": " + why);
    }

    public static ErrorResponse serverConnectTimeout(ServerTarget target) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE, "could not connect to PostgreSQL at "
                + target.address() + " within pool.server_connect_timeout ("
                + target.connectTimeout().toMillis() + " ms)");
    }

    /** PostgreSQL refused Sluice's login; its SQLSTATE is kept unless it is about credentials (Sluice's own). */
    public static ErrorResponse serverLoginFailed(ServerTarget target, ErrorResponse serverError) {
        String sqlState = serverError.sqlState() == null || serverError.sqlState().startsWith("28")
                ? SqlState.CONNECTION_FAILURE : serverError.sqlState();
        return ErrorResponse.of(FATAL, sqlState, "could not log into PostgreSQL at " + target.address() + " as \""
                + target.user() + "\": " + serverError.message());
    }

    public static ErrorResponse serverLoginFailed(ServerTarget target, String what) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE, "could not log into PostgreSQL at "
                + target.address() + " as \"" + target.user() + "\": the server " + what);
    }

    /** TLS towards PostgreSQL failed, for the reason {@code what}. */
    public static ErrorResponse serverTlsFailed(ServerTarget target, ServerTlsMode mode, String what) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE, "could not connect to PostgreSQL at "
                + target.address() + " with TLS (server_tls.mode " + mode.configName() + "): " + what);
    }

    /** A client in plain text where {@code client_tls.mode} requires TLS. */
    public static ErrorResponse tlsRequired(ClientTlsMode mode) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "TLS is required to connect to Sluice"
                + " (client_tls.mode " + mode.configName() + ')')
                .withHint("Connect with sslmode=require or stronger.");
    }

    /** No access rule matched ({@code hba:}); worded like PostgreSQL's "no pg_hba.conf entry" error. */
    public static ErrorResponse noAccessRule(String host, String user, String database, boolean tls) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "no hba rule for host \"" + host
                + "\", user \"" + user + "\", database \"" + database + "\", " + (tls ? "TLS" : "no encryption"))
                .withHint("Sluice's access rules are the hba: list of its configuration; the first matching rule"
                        + " decides.");
    }

    /** The first matching access rule says {@code reject}. */
    public static ErrorResponse accessRejected(String host, String user, String database, boolean tls) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION, "hba rejects connection for host \""
                + host + "\", user \"" + user + "\", database \"" + database + "\", "
                + (tls ? "TLS" : "no encryption"));
    }

    public static ErrorResponse serverLost(ServerTarget target, String what) {
        return ErrorResponse.of(FATAL, SqlState.CONNECTION_FAILURE,
                "lost the connection to PostgreSQL at " + target.address() + ": " + what);
    }

    public static ErrorResponse transactionInStatementMode() {
        return ErrorResponse.of(ERROR, SqlState.FEATURE_NOT_SUPPORTED, "transaction blocks are not allowed with "
                + "pool_mode statement; the transaction was rolled back")
                .withHint("Use pool_mode transaction for this database, or run each statement on its own.");
    }

    public static ErrorResponse waitingNotice(String pool, int size, java.time.Duration waited) {
        return ErrorResponse.of("NOTICE", "00000", "waiting for a server connection: all " + size
                + " servers of pool " + pool + " are busy (pool.size), waited " + waited.toSeconds() + " s so far");
    }

    public static ErrorResponse tooManyPreparedStatements(int max) {
        return ErrorResponse.of(FATAL, SqlState.PROGRAM_LIMIT_EXCEEDED, "the client prepared more than "
                + "pool.max_client_prepared_statements (" + max + ") named statements without closing them");
    }

    public static ErrorResponse clientIdleTimeout(Duration timeout) {
        return ErrorResponse.of(FATAL, SqlState.ADMIN_SHUTDOWN, "closing an idle client after "
                + "pool.client_idle_timeout (" + timeout.toMillis() + " ms)");
    }

    public static ErrorResponse idleTransactionTimeout(Duration timeout) {
        return ErrorResponse.of(FATAL, SqlState.IDLE_IN_TRANSACTION_TIMEOUT, "closing a client idle in a "
                + "transaction after pool.idle_transaction_timeout (" + timeout.toMillis()
                + " ms); its transaction was rolled back");
    }

    public static ErrorResponse queryTimeout(Duration timeout) {
        return ErrorResponse.of(FATAL, SqlState.QUERY_CANCELED, "request cancelled after pool.query_timeout ("
                + timeout.toMillis() + " ms); the client is disconnected");
    }

    public static ErrorResponse databaseRemoved(String database) {
        return ErrorResponse.of(FATAL, SqlState.ADMIN_SHUTDOWN,
                "database \"" + database + "\" was removed from Sluice's configuration");
    }

    public static ErrorResponse userRemoved(String user) {
        return ErrorResponse.of(FATAL, SqlState.ADMIN_SHUTDOWN,
                "user \"" + user + "\" was removed from Sluice's configuration");
    }

    public static ErrorResponse killed(String what) {
        return ErrorResponse.of(FATAL, SqlState.ADMIN_SHUTDOWN, "terminated by an administrator (" + what + ")");
    }

    public static ErrorResponse databaseDisabled(String database) {
        return ErrorResponse.of(FATAL, SqlState.CANNOT_CONNECT_NOW,
                "database \"" + database + "\" does not allow connections: it was disabled with DISABLE")
                .withHint("An administrator runs ENABLE " + database + " on the admin console to allow them again.");
    }

    public static ErrorResponse notAnAdmin(String user) {
        return ErrorResponse.of(FATAL, SqlState.INVALID_AUTHORIZATION,
                "user \"" + user + "\" may not use the admin console")
                .withHint("List the user under admin.users or admin.stats_users.");
    }
}
