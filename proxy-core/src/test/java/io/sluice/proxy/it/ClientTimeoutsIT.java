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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** client_idle_timeout, idle_transaction_timeout and query_timeout, each ending only the client concerned. */
@ExtendWith(PostgresExtension.class)
class ClientTimeoutsIT {

    @Test
    void idleClientIsClosed(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, ", client_idle_timeout: 1s"); Connection c = connect(sluice);
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            awaitClosed(c);
        }
    }

    @Test
    void clientIdleInATransactionIsClosedAndRolledBack(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, ", idle_transaction_timeout: 1s"); Connection c = connect(sluice);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS idle_tx_t (id int)");
            s.execute("TRUNCATE idle_tx_t");
            c.setAutoCommit(false);
            s.execute("INSERT INTO idle_tx_t VALUES (1)");
            awaitClosed(c);
            try (Connection other = connect(sluice); Statement t = other.createStatement();
                 ResultSet rs = t.executeQuery("SELECT count(*) FROM idle_tx_t")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "the abandoned transaction was rolled back");
            }
        }
    }

    @Test
    void requestRunningPastQueryTimeoutIsCancelled(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, ", query_timeout: 1s"); Connection c = connect(sluice);
             Statement s = c.createStatement()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(20)"));
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, e.toString());
            try (Connection other = connect(sluice); Statement t = other.createStatement();
                 ResultSet rs = t.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "other clients are unaffected");
            }
        }
    }

    private static Sluice start(TestPostgres pg, String extra) throws SQLException {
        ItEnv.prepare(pg);
        return ItEnv.start(ItEnv.config(pg, "transaction", 2, extra));
    }

    /**
     * Lets the client stay silent past its 1 s timeout (Sluice checks once a second; any probe would count as
     * activity, so the wait happens on another connection), then shows that the connection was closed.
     */
    private static void awaitClosed(Connection c) throws Exception {
        TestPostgres pg = PostgresExtension.server();
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_sleep(3)");
        }
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        });
        assertTrue(e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57")
                || e.getSQLState().startsWith("25")), e.getSQLState() + " " + e);
    }

    private static Connection connect(Sluice sluice) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
    }
}
