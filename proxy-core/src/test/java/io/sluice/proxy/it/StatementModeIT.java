package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Statement pooling: every statement may land on another server, so transaction blocks are refused. */
@ExtendWith(PostgresExtension.class)
class StatementModeIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, "statement", 2, ""));
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS stmt_t (id int)");
            s.execute("TRUNCATE stmt_t");
        }
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void singleStatementsWork() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                try (ResultSet rs = s.executeQuery("SELECT " + i)) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void aTransactionBlockIsRefusedAndRolledBack() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // BEGIN + INSERT in one simple query leaves a transaction open: refused, rolled back.
            SQLException e = assertThrows(SQLException.class,
                    () -> s.execute("BEGIN; INSERT INTO stmt_t VALUES (42)"));
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("pool_mode statement"), e.getMessage());
            // The connection goes on, outside any transaction, and the insert did not happen.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM stmt_t WHERE id = 42")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    private static Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        props.setProperty("preferQueryMode", "simple");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
    }
}
