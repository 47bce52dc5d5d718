package io.sluice.cli;

/**
 * A failure talking to the admin console: either no session (cannot connect, log in refused) or an error the
 * console answered to a command. Carries the server's SQLSTATE where there is one.
 */
final class ConsoleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which side failed, which decides the exit code. */
    enum Kind {
        /** No session with the console: the connection failed, was lost, or the login was refused. */
        CONNECTION,
        /** The console ran the command and answered an error. */
        SERVER,
    }

    private final Kind kind;
    private final String sqlState;

    ConsoleException(Kind kind, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqlState = sqlState;
    }

    Kind kind() {
        return kind;
    }

    /** The SQLSTATE the server sent, or {@code null}. */
    String sqlState() {
        return sqlState;
    }

    /** The message and, where known, its SQLSTATE: {@code unknown command 'FOO' (SQLSTATE 42601)}. */
    String describe() {
        return sqlState == null ? getMessage() : getMessage() + " (SQLSTATE " + sqlState + ")";
    }
}
