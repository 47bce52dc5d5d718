package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that vanishes mid-transaction or mid-query leaves nothing behind: the next client on the pool (of one
 * server, so it gets the same session or its replacement) sees no transaction, no lock, no temp table, no SET.
 */
@ExtendWith(PostgresExtension.class)
class DirtyDisconnectIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, 1, ""));
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS dirty_accounts (id int primary key, balance int)");
            s.execute("INSERT INTO dirty_accounts VALUES (1, 100) ON CONFLICT (id) DO UPDATE SET balance = 100");
        }
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void clientAbortedInsideATransactionLeavesNoTrace() throws SQLException {
        int firstPid;
        // 1. A client opens a transaction, locks a row, changes it, sets a parameter, creates a temp table...
        Connection dirty = ItEnv.connect(sluice);
        try (Statement s = dirty.createStatement()) {
            firstPid = pid(s);
            s.execute("SET work_mem = '7MB'");
            s.execute("CREATE TEMP TABLE leftover (x int)");
            dirty.setAutoCommit(false);
            s.execute("SELECT * FROM dirty_accounts WHERE id = 1 FOR UPDATE");
            s.execute("UPDATE dirty_accounts SET balance = 0 WHERE id = 1");
        }
        // 2. ...and vanishes without a word (socket closed, no Terminate).
        dirty.abort(Executors.newSingleThreadExecutor());

        // 3. The next client gets the pool's only server, clean.
        try (Connection next = ItEnv.connect(sluice); Statement s = next.createStatement()) {
            s.execute("SET lock_timeout = '5s'");
            assertEquals(firstPid, pid(s), "the server was rolled back, reset and reused");
            try (ResultSet rs = s.executeQuery("SELECT balance FROM dirty_accounts WHERE id = 1 FOR UPDATE")) {
                assertTrue(rs.next());
                assertEquals(100, rs.getInt(1), "the uncommitted update was rolled back");
            }
            try (ResultSet rs = s.executeQuery("SELECT current_setting('work_mem'), "
                    + "to_regclass('pg_temp.leftover') IS NULL")) {
                assertTrue(rs.next());
                assertFalse(rs.getString(1).equals("7MB"), "work_mem was reset");
                assertTrue(rs.getBoolean(2), "the temp table is gone");
            }
        }
    }

    @Test
    void clientAbortedMidQueryDoesNotBlockTheNext() throws Exception {
        Connection dirty = ItEnv.connect(sluice);
        Statement s = dirty.createStatement();
        // 1. A client starts a long query and vanishes while it runs.
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                s.execute("SELECT pg_sleep(30)");
            } catch (SQLException expected) {
                // the connection is aborted under it
            }
        });
        waitFor("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'",
                1);
        dirty.abort(Executors.newSingleThreadExecutor());
        running.get(10, TimeUnit.SECONDS);
        // 2. The query is cancelled, its server closed; the next client gets a fresh one at once.
        long start = System.nanoTime();
        try (Connection next = ItEnv.connect(sluice); Statement t = next.createStatement();
             ResultSet rs = t.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10);
        waitFor("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'",
                0);
    }

    @Test
    void transactionModeClientDroppedHoldingARowLockBlocksNobody(TestPostgres pg) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("prepareThreshold", "0");
        try (Sluice pooled = ItEnv.start(ItEnv.config(pg, "transaction", 1, ""))) {
            // 1. A client takes a row lock inside a transaction, then vanishes.
            Connection dirty = ItEnv.connect(pooled, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
            dirty.setAutoCommit(false);
            try (Statement s = dirty.createStatement()) {
                s.execute("SELECT * FROM dirty_accounts WHERE id = 1 FOR UPDATE");
                s.execute("UPDATE dirty_accounts SET balance = -1 WHERE id = 1");
            }
            dirty.abort(Executors.newSingleThreadExecutor());
            // 2. The next client on the pool's only server is not blocked and sees no open transaction.
            try (Connection next = ItEnv.connect(pooled, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
                 Statement s = next.createStatement()) {
                s.execute("SET lock_timeout = '5s'");
                try (ResultSet rs = s.executeQuery("UPDATE dirty_accounts SET balance = balance WHERE id = 1 "
                        + "RETURNING balance, pg_current_xact_id_if_assigned() IS NOT NULL")) {
                    assertTrue(rs.next());
                    assertEquals(100, rs.getInt(1), "the dropped client's update was rolled back");
                }
            }
        }
    }

    @Test
    void backendKilledUnderAClientEndsThatClientAndThePoolReplacesIt() throws Exception {
        TestPostgres pg = PostgresExtension.server();
        try (Connection victim = ItEnv.connect(sluice); Statement s = victim.createStatement()) {
            int killed = pid(s);
            // 1. An operator terminates the client's backend.
            pg.execute("SELECT pg_terminate_backend(" + killed + ")");
            // 2. The client's next query fails with PostgreSQL's own FATAL or 08006, never a hang.
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.execute("SELECT 1"));
            assertTrue(java.util.Set.of("57P01", "08006").contains(e.getSQLState()), e.getSQLState() + " " + e);
            // 3. The pool's only slot was freed: the next client gets a new server at once.
            try (Connection next = ItEnv.connect(sluice); Statement t = next.createStatement()) {
                assertTrue(pid(t) != killed);
            }
        }
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void waitFor(String countQuery, int expected) throws Exception {
        TestPostgres pg = PostgresExtension.server();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery(countQuery)) {
                    rs.next();
                    if (rs.getInt(1) == expected) {
                        return;
                    }
                }
                s.execute("SELECT pg_sleep(0.02)");
            }
        }
        throw new AssertionError("\"" + countQuery + "\" did not reach " + expected + " within 10 s");
    }
}
