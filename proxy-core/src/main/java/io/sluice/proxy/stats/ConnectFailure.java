package io.sluice.proxy.stats;

import io.sluice.protocol.SqlState;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Why a connection to PostgreSQL could not be opened; a short, bounded set so it can label a metric. */
public enum ConnectFailure {
    /** Nothing listens at the address (connection refused). */
    REFUSED("refused"),
    /** The host name did not resolve. */
    UNRESOLVED("unresolved"),
    /** Another network error: unreachable host, connection reset. */
    NETWORK("network"),
    /** Sluice itself could not open a socket: it is out of file descriptors (EMFILE, ENFILE). */
    NO_DESCRIPTORS("no_descriptors"),
    /** Connect and login did not finish within {@code pool.server_connect_timeout}. */
    TIMEOUT("timeout"),
    /** PostgreSQL refused or broke off the login: wrong password, no such role, not allowed, starting up. */
    LOGIN("login"),
    /** PostgreSQL has no such database. */
    UNKNOWN_DATABASE("unknown_database"),
    /** PostgreSQL is at {@code max_connections} or the role's connection limit. */
    TOO_MANY_CONNECTIONS("too_many_connections");

    private final String reason;

    ConnectFailure(String reason) {
        this.reason = reason;
    }

    /** The metric label value. */
    public String reason() {
        return reason;
    }

    /** The failure of the TCP connect itself. */
    public static ConnectFailure ofConnect(Throwable cause) {
        if (cause instanceof ConnectException) {
            return REFUSED;
        }
        if (outOfDescriptors(cause)) {
            return NO_DESCRIPTORS;
        }
        return cause instanceof UnknownHostException || cause != null
                && cause.getCause() instanceof UnknownHostException ? UNRESOLVED : NETWORK;
    }

    /**
     * Whether {@code cause} (or what it wraps: Netty reports a socket it could not create as "Unable to create
     * Channel" around the system call's error) is the process or the machine running out of file descriptors.
     */
    public static boolean outOfDescriptors(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Too many open files")) {
                return true;
            }
        }
        return false;
    }

    /** A failure after the socket connected, by the SQLSTATE the client is given. */
    public static ConnectFailure ofLogin(String sqlState) {
        if (SqlState.TOO_MANY_CONNECTIONS.equals(sqlState)) {
            return TOO_MANY_CONNECTIONS;
        }
        if (SqlState.INVALID_CATALOG_NAME.equals(sqlState)) {
            return UNKNOWN_DATABASE;
        }
        return LOGIN;
    }
}
