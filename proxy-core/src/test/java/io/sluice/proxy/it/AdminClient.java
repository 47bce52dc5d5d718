package io.sluice.proxy.it;

import io.sluice.proxy.Sluice;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The admin console through pgjdbc in simple-query mode, as operators' scripts use it. */
final class AdminClient implements AutoCloseable {

    static final String ADMIN = "sluice_admin";
    static final String STATS = "sluice_stats";
    static final String PASSWORD = "admin-secret";

    /** YAML lines to append to an {@link ItEnv#config} so the admin and stats users exist. */
    static final String USERS = """
              %s: { password: "%s" }
              %s: { password: "%s" }
            admin: { users: %s, stats_users: %s }
            """.formatted(ADMIN, PASSWORD, STATS, PASSWORD, ADMIN, STATS);

    private final Connection connection;

    private AdminClient(Connection connection) {
        this.connection = connection;
    }

    static AdminClient connect(Sluice sluice, String user, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("preferQueryMode", "simple");
        return new AdminClient(ItEnv.connect(sluice, database, user, PASSWORD, props));
    }

    static AdminClient admin(Sluice sluice) throws SQLException {
        return connect(sluice, ADMIN, "sluice");
    }

    Connection connection() {
        return connection;
    }

    void run(String command) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(command);
        }
    }

    /** Every row of a SHOW, as column name → text value. */
    List<Map<String, String>> rows(String command) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(command)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The row of {@code SHOW POOLS} for the database, or null. */
    Map<String, String> pool(String database, String user) throws SQLException {
        return rows("SHOW POOLS").stream()
                .filter(r -> r.get("database").equals(database) && r.get("user").equals(user))
                .findFirst().orElse(null);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
