package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.IoTransport;
import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sluice reaches PostgreSQL over its Unix-domain socket when {@code databases.*.host} is a directory, through every
 * transport this machine can use. The PostgreSQL is the test's own, with its socket in a directory of the test's and
 * {@code pg_hba.conf} asking socket logins for SCRAM, so a login over the socket is a real one.
 */
class UnixSocketServerIT {

    private static final String HBA = String.join("\n",
            "local all all scram-sha-256",
            "host all postgres 127.0.0.1/32 trust",
            "");

    private static Path socketDir;
    private static EmbeddedPostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        // Short, so the socket's path stays well inside the 107 bytes Unix-domain sockets allow.
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "sluice-uds");
        pg = EmbeddedPostgresServer.start(HBA, Map.of("unix_socket_directories", socketDir.toString()));
        pg.createRole(ItEnv.APP_USER, ItEnv.APP_PASSWORD);
        pg.createDatabase(ItEnv.APP_DB, ItEnv.APP_USER);
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
        Files.deleteIfExists(socketDir);
    }

    private static String config(String host, String transport, String extra) {
        return """
                listen: { host: 127.0.0.1, port: 0, client_login_timeout: 10s }
                pool: { mode: transaction, size: 2, query_wait_timeout: 30s, server_login_retry: 0 }
                auth: { type: scram-sha-256 }
                process: { event_loops: 2, transport: %s }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                %s""".formatted(transport, host, pg.port(), ItEnv.APP_DB, ItEnv.APP_USER, ItEnv.APP_PASSWORD, extra);
    }

    static List<IoTransport> usableTransports() {
        return TransportsIT.usableTransports().toList();
    }

    @ParameterizedTest
    @MethodSource("usableTransports")
    void serversLogInOverTheSocketAndCarryTransactionsAndCancels(IoTransport transport) throws Exception {
        try (Sluice sluice = ItEnv.start(config(socketDir.toString(), transport.configName(), AdminClient.USERS));
             Connection c = ItEnv.connect(sluice); Connection other = ItEnv.connect(sluice);
             Statement s = c.createStatement()) {
            // PostgreSQL sees no client address on a Unix-domain socket connection.
            try (ResultSet rs = s.executeQuery("SELECT inet_server_addr() IS NULL, current_user")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1), "the server session is on the Unix-domain socket");
                assertEquals(ItEnv.APP_USER, rs.getString(2));
            }
            // A transaction and a prepared statement, then the other client on the same small pool.
            c.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE t (n int) ON COMMIT DROP");
            s.execute("INSERT INTO t SELECT generate_series(1, 100)");
            try (var ps = c.prepareStatement("SELECT sum(n) FROM t WHERE n <= ?")) {
                for (int i = 0; i < 6; i++) {
                    ps.setInt(1, 10);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(55, rs.getInt(1));
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
            assertEquals(7, ClientTlsIT.queryInt(other, "SELECT 7"));

            // A cancel goes to PostgreSQL over the socket as well.
            CompletableFuture<SQLException> sleeping = CompletableFuture.supplyAsync(
                    () -> assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(30)")));
            awaitSleeping();
            long start = System.nanoTime();
            s.cancel();
            assertEquals("57014", sleeping.get(10, TimeUnit.SECONDS).getSQLState());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
            assertEquals(1, ClientTlsIT.queryInt(c, "SELECT 1"));

            try (AdminClient admin = AdminClient.admin(sluice)) {
                List<Map<String, String>> servers = admin.rows("SHOW SERVERS");
                assertFalse(servers.isEmpty());
                for (Map<String, String> server : servers) {
                    assertEquals("unix", server.get("addr"), server.toString());
                    assertEquals(String.valueOf(pg.port()), server.get("port"), server.toString());
                }
            }
        }
    }

    @Test
    void serverTlsDoesNotApplyOverTheSocketAsInLibpq() throws SQLException {
        // PostgreSQL refuses TLS on its Unix-domain socket; libpq ignores sslmode there, and so does Sluice.
        try (Sluice sluice = ItEnv.start(config(socketDir.toString(), "auto", "server_tls: { mode: require }\n"));
             Connection c = ItEnv.connect(sluice); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean(1));
        }
    }

    @ParameterizedTest
    @MethodSource("usableTransports")
    void aDirectoryWithoutPostgresSocketFailsTheLoginWithThePath(IoTransport transport) throws Exception {
        Path empty = Files.createTempDirectory(Path.of("/tmp"), "sluice-nouds");
        try (Sluice sluice = ItEnv.start(config(empty.toString(), transport.configName(), ""))) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, new Properties()).close());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("could not connect to PostgreSQL at " + empty + "/.s.PGSQL."
                    + pg.port() + ": no such socket"), e.getMessage());
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    private static void awaitSleeping() throws Exception {
        Await.until(Duration.ofSeconds(10), "the query is running", () -> {
            try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT"
                         + " pg_sleep(30)' AND state = 'active'")) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }
}
