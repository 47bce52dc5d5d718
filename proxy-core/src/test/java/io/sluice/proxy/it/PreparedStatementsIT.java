package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pgjdbc's server-prepared statements in transaction mode, with no special flag: named statements prepared in one
 * transaction are bound in later ones on other servers, and clients share server-side statements.
 */
@ExtendWith(PostgresExtension.class)
class PreparedStatementsIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, "transaction", 5, ""));
        try (Connection c = connect(new Properties()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ps_items (id int primary key, label text, price numeric(12,2), "
                    + "at timestamp)");
            s.execute("TRUNCATE ps_items");
            s.execute("INSERT INTO ps_items SELECT g, 'item ' || g, g * 1.25, timestamp '2026-01-01' "
                    + "+ g * interval '1 hour' FROM generate_series(1, 100) g");
        }
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void fiftyClientsWithTheDefaultPrepareThreshold() throws Exception {
        runFiftyClients(new Properties());
    }

    @Test
    void fiftyClientsPreparingOnFirstUse() throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        runFiftyClients(props);
    }

    private static void runFiftyClients(Properties props) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                clients.add(connect(props));
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Connection c : clients) {
                results.add(threads.submit(() -> {
                    int checked = 0;
                    try (PreparedStatement byId = c.prepareStatement("SELECT label, price FROM ps_items WHERE id = ?");
                         PreparedStatement count = c.prepareStatement("SELECT count(*) FROM ps_items WHERE id <= ?")) {
                        for (int i = 1; i <= 20; i++) {
                            // Autocommit: every execution is its own transaction, on whichever server is free.
                            byId.setInt(1, i);
                            try (ResultSet rs = byId.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals("item " + i, rs.getString(1));
                                assertEquals(new BigDecimal(i).multiply(new BigDecimal("1.25")).setScale(2),
                                        rs.getBigDecimal(2));
                            }
                            // And inside explicit transactions too.
                            c.setAutoCommit(false);
                            count.setInt(1, i);
                            try (ResultSet rs = count.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals(i, rs.getInt(1));
                            }
                            c.commit();
                            c.setAutoCommit(true);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(20, f.get(120, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
            for (Connection c : clients) {
                c.close();
            }
        }
    }

    @Test
    void batchInsertsWithAndWithoutRewrite() throws SQLException {
        for (String rewrite : List.of("true", "false")) {
            Properties props = new Properties();
            props.setProperty("reWriteBatchedInserts", rewrite);
            props.setProperty("prepareThreshold", "1");
            try (Connection c = connect(props); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS ps_batch (id int, v text)");
                s.execute("TRUNCATE ps_batch");
                for (int round = 0; round < 3; round++) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ps_batch VALUES (?, ?)")) {
                        for (int i = 0; i < 100; i++) {
                            ps.setInt(1, round * 100 + i);
                            ps.setString(2, "v" + i);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM ps_batch")) {
                    assertTrue(rs.next());
                    assertEquals(300, rs.getInt(1), "reWriteBatchedInserts=" + rewrite);
                    assertEquals(44850, rs.getLong(2));
                }
            }
        }
    }

    @Test
    void binaryTransferOfTimestampsAndNumerics() throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "-1"); // server-prepared from the start, binary results
        try (Connection c = connect(props);
             PreparedStatement ps = c.prepareStatement("SELECT at, price, ? ::timestamp FROM ps_items WHERE id = ?")) {
            for (int i = 1; i <= 10; i++) {
                Timestamp sent = Timestamp.valueOf(LocalDateTime.of(2030, 5, i, 12, 30, 15, 123_456_000));
                ps.setTimestamp(1, sent);
                ps.setInt(2, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0).plusHours(i)),
                            rs.getTimestamp(1));
                    assertEquals(new BigDecimal(i).multiply(new BigDecimal("1.25")).setScale(2), rs.getBigDecimal(2));
                    assertEquals(sent, rs.getTimestamp(3));
                }
            }
        }
    }

    @Test
    void evictionWithTwoStatementsPerServerAndTwentyDistinctStatements(TestPostgres pg) throws Exception {
        try (Sluice small = ItEnv.start(ItEnv.config(pg, "transaction", 2, ", max_prepared_statements: 2"))) {
            Properties props = new Properties();
            props.setProperty("prepareThreshold", "1");
            try (Connection c = ItEnv.connect(small, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props)) {
                List<PreparedStatement> statements = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    statements.add(c.prepareStatement("SELECT ? + " + k));
                }
                for (int round = 0; round < 3; round++) {
                    for (int k = 0; k < 20; k++) {
                        PreparedStatement ps = statements.get(k);
                        ps.setInt(1, round);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(round + k, rs.getInt(1));
                        }
                    }
                }
                for (PreparedStatement ps : statements) {
                    ps.close();
                }
            }
            // PostgreSQL never holds more than two of Sluice's statements per session.
            try (Connection admin = pg.connectAsSuperUser(ItEnv.APP_DB); Statement s = admin.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }

    @Test
    void serverKilledBetweenParseAndBindIsPreparedAgainOnTheNextServer(TestPostgres pg) throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        try (Connection c = connect(props); PreparedStatement ps = c.prepareStatement("SELECT ? * 3")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
            }
            // Kill every server Sluice holds for the application user: the statement is gone with them.
            pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                    + ItEnv.APP_USER + "' AND datname = '" + ItEnv.APP_DB + "'");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ItEnv.sessionsOf(pg, ItEnv.APP_USER) > 0 && System.nanoTime() < deadline) {
                pg.execute("SELECT pg_sleep(0.05)");
            }
            // And let Sluice see the sockets close before the next request picks an idle server.
            pg.execute("SELECT pg_sleep(0.3)");
            int failures = 0;
            for (int i = 2; i < 8; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i * 3, rs.getInt(1));
                } catch (SQLException e) {
                    // A killed server Sluice had not yet seen close may fail one request; never more.
                    assertTrue(java.util.Set.of("57P01", "08006").contains(e.getSQLState()), e.toString());
                    failures++;
                }
            }
            assertTrue(failures <= 1, "failures: " + failures);
        }
    }

    @Test
    void cachedPlanInvalidatedByDdlRecoversOnTheDriversRetry() throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        try (Connection c = connect(props); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS ps_ddl");
            s.execute("CREATE TABLE ps_ddl (id int)");
            s.execute("INSERT INTO ps_ddl VALUES (1)");
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ps_ddl")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
                s.execute("ALTER TABLE ps_ddl ADD COLUMN extra text DEFAULT 'x'");
                int columns = 0;
                for (int attempt = 0; attempt < 2 && columns == 0; attempt++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        columns = rs.getMetaData().getColumnCount();
                    } catch (SQLException e) {
                        assertEquals("0A000", e.getSQLState(), e.toString());
                    }
                }
                assertEquals(2, columns, "the statement works again after at most one cached-plan error");
            }
        }
    }

    private static Connection connect(Properties extra) throws SQLException {
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, extra);
    }
}
