package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/** pgjdbc through Sluice in session mode against a real PostgreSQL: every kind of traffic arrives intact. */
@ExtendWith(PostgresExtension.class)
class SessionModeIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, 4, ""));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void simpleQueryProtocol() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, simple);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 40 + 2, 'sluice'")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
                assertEquals("sluice", rs.getString(2));
            }
            // Two statements in one Query message: two results, one ReadyForQuery.
            assertTrue(s.execute("SELECT 1; SELECT 2"));
            assertTrue(s.getMoreResults());
            try (ResultSet rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void extendedQueryWithNamedStatements() throws SQLException {
        try (Connection c = ItEnv.connect(sluice);
             PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2, ?::text")) {
            // pgjdbc switches to a named server-side statement after prepareThreshold (5) executions.
            for (int i = 0; i < 10; i++) {
                ps.setInt(1, i);
                ps.setString(2, "v" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i * 2, rs.getInt(1));
                    assertEquals("v" + i, rs.getString(2));
                }
            }
        }
    }

    @Test
    void pipelinedBatch() throws SQLException {
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE batch_t (id int primary key, v text)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t VALUES (?, ?)")) {
                for (int i = 0; i < 500; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "row " + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(500, counts.length);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(id) FROM batch_t")) {
                assertTrue(rs.next());
                assertEquals(500, rs.getInt(1));
                assertEquals(124750, rs.getLong(2));
            }
        }
    }

    @Test
    void errorThenRecoveryOnTheSameConnection() throws SQLException {
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1/0"));
            assertEquals("22012", e.getSQLState());
            try (ResultSet rs = s.executeQuery("SELECT 7")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void errorInsideTransactionThenRollback() throws SQLException {
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE tx_t (id int primary key)");
            c.setAutoCommit(false);
            s.execute("INSERT INTO tx_t VALUES (1)");
            SQLException e = assertThrows(SQLException.class, () -> s.execute("INSERT INTO tx_t VALUES (1)"));
            assertEquals("23505", e.getSQLState());
            SQLException aborted = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
            assertEquals("25P02", aborted.getSQLState());
            c.rollback();
            s.execute("INSERT INTO tx_t VALUES (2)");
            c.commit();
            try (ResultSet rs = s.executeQuery("SELECT array_agg(id ORDER BY id)::text FROM tx_t")) {
                assertTrue(rs.next());
                assertEquals("{2}", rs.getString(1));
            }
        }
    }

    @Test
    void copyInAndOutOfHundredThousandRows() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            data.append(i).append('\t').append("payload-").append(i * 31 % 977).append('\n');
        }
        String expectedDigest = sha256(data.toString().getBytes(StandardCharsets.UTF_8));
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copy_t (id int, v text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long in = copy.copyIn("COPY copy_t FROM STDIN", new StringReader(data.toString()));
            assertEquals(100_000, in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows = copy.copyOut("COPY (SELECT * FROM copy_t ORDER BY id) TO STDOUT", out);
            assertEquals(100_000, rows);
            assertEquals(expectedDigest, sha256(out.toByteArray()));
        }
    }

    @Test
    void noticeReachesTheClient() throws SQLException {
        try (Connection c = ItEnv.connect(sluice); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$");
            SQLWarning warning = s.getWarnings();
            assertNotNull(warning);
            assertTrue(warning.getMessage().contains("hello from plpgsql"), warning.getMessage());
        }
    }

    @Test
    void listenNotifyBetweenTwoClients() throws SQLException {
        try (Connection listener = ItEnv.connect(sluice); Connection notifier = ItEnv.connect(sluice);
             Statement ls = listener.createStatement(); Statement ns = notifier.createStatement()) {
            ls.execute("LISTEN sluice_channel");
            ns.execute("NOTIFY sluice_channel, 'through the pooler'");
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertNotNull(notifications);
            assertEquals(1, notifications.length);
            assertEquals("sluice_channel", notifications[0].getName());
            assertEquals("through the pooler", notifications[0].getParameter());
        }
    }

    @Test
    void startupParametersAndOptionsApplyOnTheServer() throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", "billing-worker");
        props.setProperty("options", "-c statement_timeout=4321 -c search_path=pg_catalog");
        try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('application_name'), "
                     + "current_setting('statement_timeout'), current_setting('search_path')")) {
            assertTrue(rs.next());
            assertEquals("billing-worker", rs.getString(1));
            assertEquals("4321ms", rs.getString(2));
            assertEquals("pg_catalog", rs.getString(3));
        }
    }

    @Test
    void resetReturnsToTheClientsStartupValues() throws SQLException {
        Properties props = new Properties();
        props.setProperty("options", "-c TimeZone=Asia/Tokyo");
        try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Europe/Oslo'");
            s.execute("RESET ALL");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('TimeZone')")) {
                assertTrue(rs.next());
                assertEquals("Asia/Tokyo", rs.getString(1));
            }
            assertEquals("Asia/Tokyo", c.unwrap(PGConnection.class).getParameterStatus("TimeZone"));
        }
    }

    @Test
    void badStartupSettingFailsTheLoginLikePostgres() {
        Properties props = new Properties();
        props.setProperty("options", "-c no_such_setting_anywhere=1");
        SQLException e = assertThrows(SQLException.class,
                () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props).close());
        assertTrue(e.getMessage().contains("no_such_setting_anywhere"), e.getMessage());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
