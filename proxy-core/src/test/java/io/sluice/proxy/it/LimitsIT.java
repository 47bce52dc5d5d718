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

/** The limits a pool enforces, each failing with the SQLSTATE and the setting's name. */
@ExtendWith(PostgresExtension.class)
class LimitsIT {

    @Test
    void waitingPastQueryWaitTimeoutFailsNamingTheSetting(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, 1, "").replace("query_wait_timeout: 30s", "query_wait_timeout: 500ms");
        try (Sluice sluice = ItEnv.start(yaml); Connection holder = ItEnv.connect(sluice)) {
            // 1. The only server belongs to `holder` (session mode) ...
            // 2. ... so a second client waits, then is refused after query_wait_timeout.
            SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice).close());
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("pool.query_wait_timeout"), e.getMessage());
            // 3. The holder is unaffected.
            try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void clientsBeyondMaxClientConnAreRefused(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, 4, ", max_client_conn: 2");
        try (Sluice sluice = ItEnv.start(yaml); Connection a = ItEnv.connect(sluice);
             Connection b = ItEnv.connect(sluice)) {
            SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice).close());
            assertEquals("53300", e.getSQLState());
            assertTrue(e.getMessage().contains("max_client_conn"), e.getMessage());
            assertTrue(a.isValid(2) && b.isValid(2));
        }
    }

    @Test
    void idleServersCloseAfterServerIdleTimeout(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String user = ItEnv.dedicatedRole(pg, "idle_timeout_user");
        String yaml = ItEnv.withUser(ItEnv.config(pg, 4, ", server_idle_timeout: 1s"), user);
        try (Sluice sluice = ItEnv.start(yaml)) {
            try (Connection c = ItEnv.connect(sluice, "app", user, ItEnv.APP_PASSWORD, new Properties());
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            // The server went back to the pool; a second later the janitor closes it.
            assertEquals(1, sessionsOf(pg, user, 1, TimeUnit.SECONDS.toNanos(5)));
            assertEquals(0, sessionsOf(pg, user, 0, TimeUnit.SECONDS.toNanos(10)));
        }
    }

    @Test
    void serversPastTheirLifetimeAreReplaced(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, "transaction", 1, ", server_lifetime: 1s"));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
             Statement s = c.createStatement()) {
            int first = pid(s);
            try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase());
                 Statement a = admin.createStatement()) {
                a.execute("SELECT pg_sleep(1.5)");
            }
            assertTrue(pid(s) != first, "the server past server_lifetime was closed and replaced");
        }
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void unreachablePostgresFailsLoginWith08006(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String yaml = ItEnv.config(pg, 2, "").replace("port: " + pg.port(), "port: " + closedPort);
        try (Sluice sluice = ItEnv.start(yaml)) {
            SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice).close());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("could not connect to PostgreSQL"), e.getMessage());
        }
    }

    @Test
    void serverHostNamesAreResolvedWithoutBlocking(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, 2, "").replace("host: " + pg.host() + ",", "host: localhost,");
        try (Sluice sluice = ItEnv.start(yaml); Connection c = ItEnv.connect(sluice);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
    }

    /** Waits until {@code user} has {@code expected} sessions, returning the last count seen. */
    private static int sessionsOf(TestPostgres pg, String user, int expected, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        int count = -1;
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + user + "'")) {
                    rs.next();
                    count = rs.getInt(1);
                }
                if (count == expected) {
                    break;
                }
                s.execute("SELECT pg_sleep(0.05)");
            }
        }
        return count;
    }
}
