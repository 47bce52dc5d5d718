package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sluice runs in a child JVM whose heap and direct memory are capped at 32 MB: values larger than that cross it
 * both ways (streamed in chunks, never held whole), and a client that stops reading a large result makes Sluice
 * stop reading PostgreSQL instead of buffering.
 */
@ExtendWith(PostgresExtension.class)
class LargeValuesIT {

    private static final int VALUE_BYTES = 40 * 1024 * 1024;

    private static SluiceProcess sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        sluice = SluiceProcess.start(ItEnv.config(pg, 2, ""), "32m");
    }

    @AfterAll
    static void stop() throws Exception {
        sluice.close();
    }

    @Test
    void valueLargerThanSluicesMemoryCrossesBothWays() throws Exception {
        byte[] value = new byte[VALUE_BYTES];
        new Random(42).nextBytes(value);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE blobs (id int, b bytea)");
            // 1. In: one Bind message carrying 40 MB.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO blobs VALUES (1, ?)")) {
                ps.setBytes(1, value);
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT length(b), encode(sha256(b), 'hex') FROM blobs")) {
                assertTrue(rs.next());
                assertEquals(VALUE_BYTES, rs.getInt(1));
                assertEquals(sha256Hex(value), rs.getString(2));
            }
            // 2. Out: one DataRow carrying 40 MB (80 MB as hex text).
            try (ResultSet rs = s.executeQuery("SELECT b FROM blobs")) {
                assertTrue(rs.next());
                assertArrayEquals(value, rs.getBytes(1));
            }
        }
        assertTrue(sluice.isAlive());
    }

    @Test
    void clientThatStopsReadingMakesSluiceStopReadingPostgres() throws Exception {
        // Rows of 1 MB: each crosses Sluice in chunks.
        stopReadingThenReadAll(
                "SELECT repeat('x', 1000000) || 'sluice-backpressure-chunks' FROM generate_series(1, 400)",
                "sluice-backpressure-chunks", 400, 400_000_000L);
    }

    @Test
    void clientThatStopsReadingSmallRowsMakesSluiceStopReadingPostgres() throws Exception {
        // Rows of 1 kB: they cross Sluice in runs, many rows to a slice, which must stop the reading just the same.
        stopReadingThenReadAll(
                "SELECT repeat('x', 1000) || 'sluice-backpressure-rows' FROM generate_series(1, 200000)",
                "sluice-backpressure-rows", 200_000, 200_000_000L);
    }

    private static void stopReadingThenReadAll(String sql, String marker, int expectedRows, long atLeastBytes)
            throws Exception {
        TestPostgres pg = PostgresExtension.server();
        long receivedBytes = 0;
        try (Socket client = RawClient.login(sluice.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD)) {
            // 1. Ask for hundreds of MB and read nothing.
            byte[] query = (sql + "\0").getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write('Q');
            out.write(intBytes(query.length + 4));
            out.write(query);
            out.flush();
            // 2. PostgreSQL ends up blocked writing to Sluice: Sluice stopped reading instead of buffering.
            awaitServerBlockedOnClientWrite(pg, marker);
            assertTrue(sluice.isAlive());
            // 3. Now read it all: every row arrives, and the session is usable afterwards.
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), 1 << 16));
            int rows = 0;
            while (true) {
                byte tag = in.readByte();
                int length = in.readInt();
                in.skipNBytes(length - 4);
                receivedBytes += length;
                if (tag == 'D') {
                    rows++;
                } else if (tag == 'Z') {
                    break;
                }
            }
            assertEquals(expectedRows, rows);
        }
        assertTrue(receivedBytes > atLeastBytes);
        assertTrue(sluice.isAlive());
    }

    private static void awaitServerBlockedOnClientWrite(TestPostgres pg, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                        + "query LIKE '%" + marker + "%' AND wait_event = 'ClientWrite' "
                        + "AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                s.execute("SELECT pg_sleep(0.05)");
            }
        }
        throw new AssertionError("PostgreSQL never blocked writing: Sluice kept reading for a client that did not");
    }

    private static Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", ItEnv.APP_USER);
        props.setProperty("password", ItEnv.APP_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + sluice.port() + "/app", props);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
