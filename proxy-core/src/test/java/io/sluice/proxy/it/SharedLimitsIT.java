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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reserve pool, the caps shared by pools (max_db_connections) and the idle-server check. */
@ExtendWith(PostgresExtension.class)
class SharedLimitsIT {

    @Test
    void reservePoolServesAClientThatWaitedTooLongThenShrinks(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String role = ItEnv.dedicatedRole(pg, "reserve_user");
        String yaml = ItEnv.withUser(ItEnv.config(pg, "transaction", 1,
                ", reserve_pool_size: 1, reserve_pool_timeout: 1s"), role);
        try (Sluice sluice = ItEnv.start(yaml); Connection holder = connect(sluice, role);
             Connection late = connect(sluice, role); Statement hs = holder.createStatement();
             Statement ls = late.createStatement()) {
            // 1. The holder keeps the pool's only server in a transaction.
            holder.setAutoCommit(false);
            hs.execute("SELECT 1");
            // 2. The late client waits past reserve_pool_timeout and is served by a reserve server.
            long start = System.nanoTime();
            try (ResultSet rs = ls.executeQuery("SELECT 2")) {
                assertTrue(rs.next());
            }
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
            holder.commit();
            // 3. With nobody waiting, the server beyond the pool's size closes when it comes back.
            try (ResultSet rs = hs.executeQuery("SELECT 3")) {
                assertTrue(rs.next());
            }
            holder.commit();
            awaitSessions(pg, role, 1);
        }
    }

    @Test
    void maxDbConnectionsCapsAllUsersOfADatabase(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String alice = ItEnv.dedicatedRole(pg, "capped_alice");
        String bob = ItEnv.dedicatedRole(pg, "capped_bob");
        String yaml = ItEnv.config(pg, "transaction", 5, ", max_db_connections: 3, query_wait_timeout: 3s")
                .replace("query_wait_timeout: 30s, ", "")
                .replace("  " + ItEnv.APP_USER + ": { password: \"" + ItEnv.APP_PASSWORD + "\" }",
                        "  " + alice + ": { password: \"" + ItEnv.APP_PASSWORD + "\" }\n"
                        + "  " + bob + ": { password: \"" + ItEnv.APP_PASSWORD + "\" }");
        List<Connection> holders = new ArrayList<>();
        try (Sluice sluice = ItEnv.start(yaml); Connection extra = connect(sluice, bob);
             Statement es = extra.createStatement()) {
            // 1. Three transactions over two users' pools take the database's three servers.
            for (String role : List.of(alice, alice, bob)) {
                Connection c = connect(sluice, role);
                holders.add(c);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            }
            // 2. Bob's pool is far from its size, but the database is at its cap: his other client waits, times out.
            SQLException e = assertThrows(SQLException.class, () -> es.executeQuery("SELECT 2"));
            assertEquals("57014", e.getSQLState());
            assertEquals(3, ItEnv.sessionsOf(pg, alice) + ItEnv.sessionsOf(pg, bob));
            // 3. Once a transaction ends in any pool of the database, the waiting client gets a server.
            holders.get(0).commit();
            try (ResultSet rs = es.executeQuery("SELECT 3")) {
                assertTrue(rs.next());
            }
        } finally {
            for (Connection c : holders) {
                c.close();
            }
        }
    }

    @Test
    void idleServersAreCheckedBeforeUse(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 2, ", server_check_delay: 0s, server_check_query: \"select 1\"");
        try (Sluice sluice = ItEnv.start(yaml); Connection c = connect(sluice, ItEnv.APP_USER);
             Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                try (ResultSet rs = s.executeQuery("SELECT " + i)) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                }
            }
        }
    }

    private static void awaitSessions(TestPostgres pg, String role, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ItEnv.sessionsOf(pg, role) != expected && System.nanoTime() < deadline) {
            try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
                s.execute("SELECT pg_sleep(0.1)");
            }
        }
        assertEquals(expected, ItEnv.sessionsOf(pg, role));
    }

    private static Connection connect(Sluice sluice, String role) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        return ItEnv.connect(sluice, "app", role, ItEnv.APP_PASSWORD, props);
    }
}
