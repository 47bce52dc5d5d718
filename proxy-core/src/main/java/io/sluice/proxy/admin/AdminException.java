package io.sluice.proxy.admin;

import io.sluice.protocol.SqlState;

/** An admin command that fails: its message and SQLSTATE go to the console user as an ERROR. */
public final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public AdminException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public static AdminException syntax(String message) {
        return new AdminException(SqlState.SYNTAX_ERROR, message);
    }

    public String sqlState() {
        return sqlState;
    }
}
