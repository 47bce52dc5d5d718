package io.sluice.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * One session with Sluice's admin console, through pgjdbc in simple-query mode (the only protocol the console
 * speaks). Not thread-safe: one command at a time.
 */
final class ConsoleSession implements AutoCloseable {

    /** How long connecting and logging in may take; commands themselves (PAUSE) may wait as long as they need. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final Connection connection;

    private ConsoleSession(Connection connection) {
        this.connection = connection;
    }

    /**
     * Connects and logs in.
     *
     * @param password the password, or {@code null} to offer none (trust)
     * @throws ConsoleException of kind {@code CONNECTION} when there is no session
     */
    static ConsoleSession open(ConsoleTarget target, String password) throws ConsoleException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("preferQueryMode", "simple");
        props.setProperty("ApplicationName", "sluice admin");
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        try {
            // The driver directly rather than DriverManager: nothing depends on service files or class loaders.
            Connection connection = new Driver().connect(target.jdbcUrl(), props);
            if (connection == null) {
                throw new IllegalStateException("pgjdbc rejected its own URL " + target.jdbcUrl());
            }
            return new ConsoleSession(connection);
        } catch (SQLException e) {
            throw new ConsoleException(ConsoleException.Kind.CONNECTION, "cannot connect to " + target + ": "
                    + message(e), e.getSQLState(), e);
        }
    }

    /**
     * Runs one console command.
     *
     * @throws ConsoleException of kind {@code SERVER} with the console's message and SQLSTATE when it answered an
     *     error, of kind {@code CONNECTION} when the session was lost
     */
    ConsoleAnswer run(String command) throws ConsoleException {
        try (Statement statement = connection.createStatement()) {
            // The console's grammar is not SQL: leave {braces} and the like alone.
            statement.setEscapeProcessing(false);
            ResultTable table = null;
            if (statement.execute(command)) {
                try (ResultSet rs = statement.getResultSet()) {
                    table = read(rs);
                }
            }
            return new ConsoleAnswer(table, notices(statement.getWarnings()));
        } catch (SQLException e) {
            String state = e.getSQLState();
            // Class 08 (or no SQLSTATE at all): the session broke, the console did not answer.
            ConsoleException.Kind kind = state == null || state.startsWith("08")
                    ? ConsoleException.Kind.CONNECTION : ConsoleException.Kind.SERVER;
            throw new ConsoleException(kind, message(e), state, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a session the server already closed (SHUTDOWN, KILL) is not worth reporting.
        }
    }

    private static ResultTable read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        List<Boolean> numeric = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(meta.getColumnLabel(i));
            numeric.add(isNumber(meta.getColumnType(i)));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new ResultTable(columns, numeric, rows);
    }

    private static boolean isNumber(int sqlType) {
        return switch (sqlType) {
            case Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL, Types.REAL,
                    Types.DOUBLE, Types.FLOAT -> true;
            default -> false;
        };
    }

    private static List<String> notices(SQLWarning first) {
        List<String> notices = new ArrayList<>();
        for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
            notices.add(w.getMessage());
        }
        return notices;
    }

    /** The server's own message when it sent one (with its detail and hint), else the driver's. */
    private static String message(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server == null || server.getMessage() == null) {
            return SluiceCli.describe(e);
        }
        StringBuilder text = new StringBuilder(server.getMessage());
        if (server.getDetail() != null) {
            text.append(" (").append(server.getDetail()).append(')');
        }
        if (server.getHint() != null) {
            text.append("; hint: ").append(server.getHint());
        }
        return text.toString();
    }
}
