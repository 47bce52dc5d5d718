package io.sluice.protocol;

/**
 * The SQLSTATE codes the proxy raises itself.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">Appendix A. Error Codes</a>
 */
public final class SqlState {

    /** {@code invalid_password}: wrong password or failed SCRAM proof. */
    public static final String INVALID_PASSWORD = "28P01";
    /** {@code invalid_authorization_specification}: unknown user, no user name, auth method refused. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** {@code invalid_catalog_name}: the database is not configured. */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /** {@code too_many_connections}: a client or pool limit was reached. */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** {@code protocol_violation}: the peer broke the wire protocol. */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** {@code admin_shutdown}: the proxy or an operator ended the session. */
    public static final String ADMIN_SHUTDOWN = "57P01";
    /** {@code connection_failure}: the server connection broke under a client's request. */
    public static final String CONNECTION_FAILURE = "08006";
    /** {@code query_canceled}: canceled, or a wait timed out. */
    public static final String QUERY_CANCELED = "57014";
    /** {@code feature_not_supported}. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** {@code cannot_connect_now}: paused, shutting down or starting up. */
    public static final String CANNOT_CONNECT_NOW = "57P03";
    /** {@code internal_error}: a bug in the proxy. */
    public static final String INTERNAL_ERROR = "XX000";
    /** program_limit_exceeded: a client went past a limit Sluice enforces. */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** idle_in_transaction_session_timeout: a session idle inside a transaction for too long. */
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";

    private SqlState() {
    }

    /** The admin console could not parse a command. */
    public static final String SYNTAX_ERROR = "42601";

    /** A stats user ran a control command, or a user not allowed on the console connected. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** SHOW or SET of something that does not exist; a database or client id that is unknown. */
    public static final String UNDEFINED_OBJECT = "42704";

    /** SET of a setting that needs a restart. */
    public static final String CANT_CHANGE_RUNTIME_PARAM = "55P02";

    /** A SET value that does not parse. */
    public static final String INVALID_PARAMETER_VALUE = "22023";
}
