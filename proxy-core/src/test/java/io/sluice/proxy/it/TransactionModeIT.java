package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/** Transaction pooling with pgjdbc: servers are shared between transactions, and nothing leaks between clients. */
@ExtendWith(PostgresExtension.class)
class TransactionModeIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, "transaction", 1, ""));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void clientsTakeTurnsOnOneServerAndSeeThePoolerIdentity() throws SQLException {
        try (Connection a = connect(sluice); Connection b = connect(sluice);
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            assertEquals("transaction", a.unwrap(PGConnection.class).getParameterStatus("sluice.pool_mode"));
            // Both clients are logged in on a pool of one: each transaction borrows the only server in turn.
            for (int i = 0; i < 20; i++) {
                assertEquals(pid(sa), pid(sb), "one server serves both, one transaction at a time");
            }
            // A transaction keeps the server until it ends; the other client waits meanwhile.
            a.setAutoCommit(false);
            sa.execute("CREATE TEMP TABLE IF NOT EXISTS t_in_tx (x int) ON COMMIT DROP");
            sa.execute("INSERT INTO t_in_tx VALUES (1)");
            a.commit();
            a.setAutoCommit(true);
            assertEquals(pid(sa), pid(sb));
        }
    }

    @Test
    void settingsFollowEachClientAcrossSharedServers() throws SQLException {
        Properties tokyo = unprepared();
        tokyo.setProperty("options", "-c TimeZone=Asia/Tokyo -c DateStyle=ISO,DMY -c search_path=pg_catalog");
        tokyo.setProperty("ApplicationName", "tokyo-app");
        Properties lima = unprepared();
        lima.setProperty("options", "-c TimeZone=America/Lima -c DateStyle=ISO,MDY -c search_path=public");
        lima.setProperty("ApplicationName", "lima-app");
        String sql = "SELECT current_setting('TimeZone'), current_setting('DateStyle'), "
                + "current_setting('search_path'), current_setting('application_name')";
        try (Connection t = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, tokyo);
             Connection l = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, lima);
             Statement st = t.createStatement(); Statement sl = l.createStatement()) {
            for (int i = 0; i < 25; i++) {
                // Alternate transactions on the pool's only server: each sees its own settings every time.
                assertRow(st, sql, "Asia/Tokyo", "ISO, DMY", "pg_catalog", "tokyo-app");
                assertRow(sl, sql, "America/Lima", "ISO, MDY", "public", "lima-app");
            }
            // A SET of a reported parameter follows the client; the other client never sees it.
            sl.execute("SET application_name = 'lima-renamed'");
            assertRow(st, sql, "Asia/Tokyo", "ISO, DMY", "pg_catalog", "tokyo-app");
            assertRow(sl, sql, "America/Lima", "ISO, MDY", "public", "lima-renamed");
        }
        // A client without options gets the server's defaults, not what the others left behind.
        try (Connection plain = connect(sluice); Statement s = plain.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('TimeZone') <> 'Asia/Tokyo', "
                     + "current_setting('TimeZone') <> 'America/Lima', current_setting('search_path')")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1) && rs.getBoolean(2), "TimeZone leaked to another client");
            assertEquals("\"$user\", public", rs.getString(3));
        }
    }

    @Test
    void resetReturnsToTheClientsStartupValues() throws SQLException {
        Properties props = unprepared();
        props.setProperty("options", "-c TimeZone=Asia/Tokyo");
        try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Europe/Oslo'");
            assertEquals("Europe/Oslo", timeZone(s));
            // RESET returns to the client's own startup value, as against PostgreSQL, not the server's default.
            s.execute("RESET TimeZone");
            assertEquals("Asia/Tokyo", timeZone(s));
            assertEquals("Asia/Tokyo", c.unwrap(PGConnection.class).getParameterStatus("TimeZone"));
            s.execute("SET TimeZone = 'Europe/Oslo'");
            s.execute("RESET ALL");
            assertEquals("Asia/Tokyo", timeZone(s));
        }
    }

    private static String timeZone(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT current_setting('TimeZone')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void setOfAnUnreportedParameterDoesNotLeakToTheNextClient() throws SQLException {
        try (Connection a = connect(sluice); Statement s = a.createStatement()) {
            s.execute("SET work_mem = '13MB'");
        }
        try (Connection b = connect(sluice); Statement s = b.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('work_mem')")) {
            assertTrue(rs.next());
            assertTrue(!rs.getString(1).equals("13MB"), "work_mem leaked: " + rs.getString(1));
        }
    }

    @Test
    void pipelinedBatchWithAnErrorInTheMiddle() throws SQLException {
        try (Connection c = connect(sluice); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS tx_batch (id int primary key)");
            s.execute("TRUNCATE tx_batch");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tx_batch VALUES (?)")) {
                for (int id : new int[] {1, 2, 2, 3}) {
                    ps.setInt(1, id);
                    ps.addBatch();
                }
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
            }
            // The connection is usable at once, and the pool's only server was given back clean.
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tx_batch")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) <= 2);
            }
        }
    }

    @Test
    void backendKilledMidTransactionEndsOnlyThatClient(TestPostgres pg) throws Exception {
        try (Connection victim = connect(sluice); Statement s = victim.createStatement()) {
            victim.setAutoCommit(false);
            int pid = pid(s);
            pg.execute("SELECT pg_terminate_backend(" + pid + ")");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
            assertTrue(Set.of("57P01", "08006").contains(e.getSQLState()), e.getSQLState() + " " + e);
        }
        try (Connection next = connect(sluice); Statement s = next.createStatement()) {
            assertTrue(pid(s) > 0, "the pool replaced the killed server");
        }
    }

    @Test
    void waitingPastQueryWaitTimeoutFailsTheRequestButNotTheConnection(TestPostgres pg) throws SQLException {
        String yaml = ItEnv.config(pg, "transaction", 1, "").replace("query_wait_timeout: 30s",
                "query_wait_timeout: 1s");
        try (Sluice short1 = ItEnv.start(yaml); Connection holder = connect(short1);
             Connection waiter = connect(short1); Statement hs = holder.createStatement();
             Statement ws = waiter.createStatement()) {
            // 1. The holder keeps the only server inside a transaction.
            holder.setAutoCommit(false);
            hs.execute("SELECT 1");
            // 2. The waiter's query times out in the queue and gets 57014 naming the setting...
            SQLException e = assertThrows(SQLException.class, () -> ws.executeQuery("SELECT 2"));
            assertEquals("57014", e.getSQLState());
            assertTrue(e.getMessage().contains("query_wait_timeout"), e.getMessage());
            // 3. ...and once the holder commits, the same connection works.
            holder.commit();
            try (ResultSet rs = ws.executeQuery("SELECT 3")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getInt(1));
            }
        }
    }

    @Test
    void aClientWaitingLongIsToldWhyWithANotice(TestPostgres pg) throws SQLException {
        String yaml = ItEnv.config(pg, "transaction", 1, ", query_wait_notify: 1s");
        try (Sluice notifying = ItEnv.start(yaml); Connection holder = connect(notifying);
             Connection waiter = connect(notifying); Statement hs = holder.createStatement();
             Statement ws = waiter.createStatement()) {
            holder.setAutoCommit(false);
            hs.execute("SELECT 1");
            // The holder lets go only after the waiter has waited past query_wait_notify.
            java.util.concurrent.CompletableFuture<Void> release = java.util.concurrent.CompletableFuture.runAsync(
                    () -> {
                        try {
                            hs.execute("SELECT pg_sleep(2)");
                            holder.commit();
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            try (ResultSet rs = ws.executeQuery("SELECT 2")) {
                assertTrue(rs.next());
            }
            release.join();
            java.sql.SQLWarning warning = ws.getWarnings() != null ? ws.getWarnings() : waiter.getWarnings();
            assertTrue(warning != null && warning.getMessage().contains("pool.size"), String.valueOf(warning));
        }
    }

    @Test
    void thousandClientsOnAPoolOfFive(TestPostgres pg) throws Exception {
        String role = ItEnv.dedicatedRole(pg, "thousand_user");
        try (Sluice five = ItEnv.start(ItEnv.withUser(ItEnv.config(pg, "transaction", 5, ""), role))) {
            List<Connection> clients = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(50);
            try {
                for (int i = 0; i < 1000; i++) {
                    clients.add(ItEnv.connect(five, "app", role, ItEnv.APP_PASSWORD, unprepared()));
                }
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    Connection c = clients.get(i);
                    int n = i;
                    results.add(threads.submit(() -> {
                        c.setAutoCommit(false);
                        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + n)) {
                            rs.next();
                            int v = rs.getInt(1);
                            c.commit();
                            return v;
                        }
                    }));
                }
                for (int i = 0; i < results.size(); i++) {
                    assertEquals(i, results.get(i).get(60, TimeUnit.SECONDS));
                }
                // A thousand clients still connected, five sessions on PostgreSQL at most.
                assertTrue(ItEnv.sessionsOf(pg, role) <= 5, "sessions: " + ItEnv.sessionsOf(pg, role));
            } finally {
                threads.shutdownNow();
                for (Connection c : clients) {
                    c.close();
                }
            }
        }
    }

    /**
     * pgjdbc with server-side prepared statements off: named statements across transactions need the
     * prepared-statement tracking of a later issue.
     */
    private static Connection connect(Sluice target) throws SQLException {
        return ItEnv.connect(target, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, unprepared());
    }

    private static Properties unprepared() {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        return props;
    }

    private static void assertRow(Statement s, String sql, String... expected) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], rs.getString(i + 1), "column " + (i + 1));
            }
        }
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
