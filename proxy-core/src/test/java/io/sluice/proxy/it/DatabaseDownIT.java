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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PostgreSQL going away and coming back, and the pool keeping min_pool_size servers ready. */
@ExtendWith(PostgresExtension.class)
class DatabaseDownIT {

    @Test
    void clientsFailFastWhileDownAndWorkAgainWhenBack(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        try (TcpRelay relay = new TcpRelay(pg.port())) {
            String yaml = ItEnv.config(pg, "transaction", 4, ", server_login_retry: 1s")
                    .replace("port: " + pg.port(), "port: " + relay.port());
            try (Sluice sluice = ItEnv.start(yaml); Connection c = connect(sluice); Statement s = c.createStatement()) {
                assertOne(s);
                // 1. PostgreSQL goes away (the relay refuses and cuts every connection).
                relay.down();
                // Sluice sees its idle server's socket close on its own loop; until then that server looks usable.
                long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (sluice.pools().all().stream().anyMatch(p -> p.counts().serversIdle() > 0)
                        && System.nanoTime() < seen) {
                    Thread.sleep(10);
                }
                // 2. The next query fails at once with 08006 naming the server, not after query_wait_timeout (30 s);
                //    the client holds no server between transactions, so its connection stays usable.
                long start = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
                assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 5, e.toString());
                assertTrue(Set.of("08006", "57P01").contains(e.getSQLState()), e.getSQLState() + " " + e);
                assertTrue(e.getMessage().contains("127.0.0.1:" + relay.port()), e.getMessage());
                // 3. PostgreSQL comes back: the same client connection works again, Sluice was not restarted.
                relay.up();
                awaitWorking(s);
            }
        }
    }

    @Test
    void minPoolSizeServersAreKeptReady(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String role = ItEnv.dedicatedRole(pg, "min_pool_user");
        String yaml = ItEnv.withUser(ItEnv.config(pg, "transaction", 5, ", min_pool_size: 3"), role);
        try (Sluice sluice = ItEnv.start(yaml)) {
            try (Connection c = ItEnv.connect(sluice, "app", role, ItEnv.APP_PASSWORD, new Properties());
                 Statement s = c.createStatement()) {
                assertOne(s);
            }
            // The pool exists now; with no client at all it keeps three servers open and ready.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ItEnv.sessionsOf(pg, role) != 3 && System.nanoTime() < deadline) {
                pause(pg);
            }
            assertEquals(3, ItEnv.sessionsOf(pg, role));
        }
    }

    private static void awaitWorking(Statement s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                assertOne(s);
                return;
            } catch (SQLException e) {
                last = e;
                pause(PostgresExtension.server());
            }
        }
        throw new AssertionError("Sluice did not recover within 20 s", last);
    }

    private static void pause(TestPostgres pg) throws SQLException {
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            s.execute("SELECT pg_sleep(0.2)");
        }
    }

    private static void assertOne(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    private static Connection connect(Sluice sluice) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
    }
}
