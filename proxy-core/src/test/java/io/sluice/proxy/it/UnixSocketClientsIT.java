package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.IoTransport;
import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPki;
import io.sluice.testing.TestPostgres;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients on the Unix-domain socket of {@code listen.unix_socket_dir}, through psql (libpq's {@code -h <dir>}), under
 * every transport this machine can use: they log in and query like TCP clients, show as {@code unix} in the console,
 * are matched by {@code source: local} access rules and not by address ranges, need no TLS where TCP clients must
 * use it, and the socket's file comes and goes with Sluice.
 */
@ExtendWith(PostgresExtension.class)
class UnixSocketClientsIT {

    private Path dir;

    @BeforeEach
    void makeDirectory() throws IOException {
        // Short, so the socket's path stays well inside the 107 bytes Unix-domain sockets allow.
        dir = Files.createTempDirectory(Path.of("/tmp"), "sluice-cl");
    }

    @AfterEach
    void removeDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Transaction mode in front of {@code pg}, with the admin users, listening on {@code dir}'s socket too. */
    private String config(TestPostgres pg, String transport, String extra) {
        return ItEnv.config(pg, "transaction", 2, "").replace("client_login_timeout: 10s }",
                "client_login_timeout: 10s, unix_socket_dir: " + dir + " }") + AdminClient.USERS
                + "process: { event_loops: 2, transport: " + transport + " }\n" + extra;
    }

    private static ExternalTool.Result psql(Path socketDir, int port, String user, String password, String sql)
            throws Exception {
        return psql(socketDir, port, "app", user, password, sql);
    }

    private static ExternalTool.Result psql(Path socketDir, int port, String database, String user, String password,
            String sql) throws Exception {
        String psql = ExternalTool.installed("psql", "postgresql-client");
        return ExternalTool.run(List.of(psql, "-X", "-A", "-t", "-h", socketDir.toString(), "-p",
                String.valueOf(port), "-U", user, "-d", database, "-c", sql), Map.of("PGPASSWORD", password,
                "PGCONNECT_TIMEOUT", "10"), 30);
    }

    @ParameterizedTest
    @MethodSource("io.sluice.proxy.it.TransportsIT#usableTransports")
    void clientsOnTheSocketLogInQueryAndShowAsUnix(IoTransport transport, TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        Path socket;
        try (Sluice sluice = ItEnv.start(config(pg, transport.configName(), ""))) {
            socket = dir.resolve(".s.PGSQL." + sluice.port());
            assertEquals(socket, sluice.unixSocket().orElseThrow());
            assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            ExternalTool.Result r = psql(dir, sluice.port(), ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                    "SELECT 40 + 2; SHOW transaction_isolation");
            assertEquals(0, r.exit(), r.output());
            assertEquals(List.of("42", "read committed"), r.output().lines().toList());
            // A wrong password over the socket is refused as over TCP.
            ExternalTool.Result wrong = psql(dir, sluice.port(), ItEnv.APP_USER, "not-the-password", "SELECT 1");
            assertTrue(wrong.exit() != 0 && wrong.output().contains("password authentication failed"),
                    wrong.output());

            // The console (itself reached over the socket) lists a client on it as "unix" and the socket's port.
            ExternalTool.Result console = psql(dir, sluice.port(), "sluice", AdminClient.ADMIN,
                    AdminClient.PASSWORD, "SHOW VERSION");
            assertEquals(0, console.exit(), console.output());
            CompletableFuture<ExternalTool.Result> sleeper = CompletableFuture.supplyAsync(() -> {
                try {
                    return psql(dir, sluice.port(), ItEnv.APP_USER, ItEnv.APP_PASSWORD, "SELECT pg_sleep(1.5)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (AdminClient admin = AdminClient.admin(sluice); Connection tcp = ItEnv.connect(sluice)) {
                assertTrue(admin.rows("SHOW CLIENTS").stream().anyMatch(row -> row.get("addr").equals("127.0.0.1")));
                Await.until(Duration.ofSeconds(10), "psql's session is listed", () -> onSocket(admin) != null);
                Map<String, String> onSocket = onSocket(admin);
                assertEquals(String.valueOf(sluice.port()), onSocket.get("port"), onSocket.toString());
                assertEquals("unix", onSocket.get("local_addr"), onSocket.toString());
            }
            assertEquals(0, sleeper.get(30, TimeUnit.SECONDS).exit());
        }
        assertFalse(Files.exists(socket), "the socket's file is removed at close");
    }

    @Test
    void accessRulesTellTheSocketFromTcp(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        // Trust on the socket, nothing but 10.0.0.0/8 over TCP: 127.0.0.1 matches no rule.
        String hba = """
                hba:
                  - { source: local, method: trust }
                  - { source: 10.0.0.0/8, method: scram-sha-256 }
                """;
        try (Sluice sluice = ItEnv.start(config(pg, "auto", hba))) {
            ExternalTool.Result trusted = psql(dir, sluice.port(), ItEnv.APP_USER, "any-password", "SELECT 7");
            assertEquals(0, trusted.exit(), trusted.output());
            assertEquals("7", trusted.output().strip());
            var refused = assertThrows(SQLException.class, () -> ItEnv.connect(sluice).close());
            assertEquals("28000", refused.getSQLState());
        }
    }

    @Test
    void requiredTlsAppliesToTcpClientsOnly(TestPostgres pg, @TempDir Path pki)
            throws Exception {
        ItEnv.prepare(pg);
        TestPki.Authority ca = TestPki.authority(pki, "Sluice CA");
        TestPki.Issued cert = ca.issue("sluice", "localhost", "127.0.0.1");
        String tls = "client_tls: { mode: require, cert_file: " + cert.cert() + ", key_file: " + cert.key() + " }\n";
        try (Sluice sluice = ItEnv.start(config(pg, "auto", tls))) {
            ExternalTool.Result local = psql(dir, sluice.port(), ItEnv.APP_USER, ItEnv.APP_PASSWORD, "SELECT 8");
            assertEquals(0, local.exit(), local.output());
            assertEquals("8", local.output().strip());
            Properties plain = new Properties();
            plain.setProperty("sslmode", "disable");
            var refused = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app",
                    ItEnv.APP_USER, ItEnv.APP_PASSWORD, plain).close());
            assertEquals("28000", refused.getSQLState());
        }
    }

    @Test
    void aStaleSocketFileIsReplacedALiveOneStopsTheStartAndTlsIsRefusedOnTheSocket(TestPostgres pg)
            throws Exception {
        ItEnv.prepare(pg);
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path socket = dir.resolve(".s.PGSQL." + port);
        String yaml = config(pg, "auto", "").replace("port: 0,", "port: " + port + ",");
        // Something still accepts on the socket's name (another Sluice, a PostgreSQL on that port): no start.
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            UncheckedIOException taken = assertThrows(UncheckedIOException.class, () -> ItEnv.start(yaml));
            assertTrue(taken.getMessage().contains("another process is listening on " + socket),
                    taken.getMessage());
            assertTrue(Files.exists(socket), "another process's socket is left alone");
        }
        // Its file outlives it, as after a SIGKILL: nothing accepts there now, so Sluice takes the name over.
        assertTrue(Files.exists(socket));
        try (Sluice sluice = ItEnv.start(yaml)) {
            assertEquals(socket, sluice.unixSocket().orElseThrow());
            // SCRAM is asked for (an AuthenticationSASL), so the startup reached the login.
            assertEquals('R', firstByteOfAnswer(socket, RawClient.startupPacket(ItEnv.APP_USER, "app")));
            // No TLS on the socket, as in PostgreSQL: SSLRequest is answered N, whatever client_tls says.
            assertEquals('N', firstByteOfAnswer(socket, new byte[] {0, 0, 0, 8, 4, -46, 22, 47}));
        }
        assertFalse(Files.exists(socket), "the socket's file is gone when close() returns");
        // A name that is not a socket is never removed.
        Files.writeString(socket, "not a socket");
        UncheckedIOException notSocket = assertThrows(UncheckedIOException.class, () -> ItEnv.start(yaml));
        assertTrue(notSocket.getMessage().contains(socket + " exists and is not a socket"), notSocket.getMessage());
        assertEquals("not a socket", Files.readString(socket));
    }

    private static Map<String, String> onSocket(AdminClient admin) throws SQLException {
        return admin.rows("SHOW CLIENTS").stream().filter(row -> row.get("addr").equals("unix")).findFirst()
                .orElse(null);
    }

    /** Connects to {@code socket} with the JDK's own channel, sends {@code packet} and reads one byte back. */
    private static char firstByteOfAnswer(Path socket, byte[] packet) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(packet));
            ByteBuffer answer = ByteBuffer.allocate(1);
            if (channel.read(answer) < 0) {
                throw new EOFException("closed without an answer");
            }
            return (char) answer.get(0);
        }
    }
}
