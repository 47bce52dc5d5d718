package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPki;
import io.sluice.testing.TestPostgres;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS between clients and Sluice, with a CA and certificates made for the test: pgjdbc and psql with
 * {@code sslmode=verify-full}, direct TLS ({@code sslnegotiation=direct}), client certificates, refusals, and a
 * certificate reload that keeps open connections.
 */
@ExtendWith(PostgresExtension.class)
class ClientTlsIT {

    @TempDir
    static Path dir;

    private static TestPki.Authority ca;
    private static TestPki.Issued serverCert;
    private static TestPki.Issued clientCert;
    private static TestPki.Authority untrusted;
    private static Sluice required;
    private static Sluice verifyCa;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        ca = TestPki.authority(dir, "Sluice Test CA");
        serverCert = ca.issue("sluice", "localhost", "localhost", "127.0.0.1");
        clientCert = ca.issue("client", ItEnv.APP_USER);
        untrusted = TestPki.authority(dir, "Someone Else CA");
        required = ItEnv.start(ItEnv.config(pg, 4, "") + clientTls("require", serverCert, null, "auto"));
        verifyCa = ItEnv.start(ItEnv.config(pg, 4, "") + clientTls("verify-ca", serverCert, ca.certFile(), "auto"));
    }

    @AfterAll
    static void stop() {
        required.close();
        verifyCa.close();
    }

    static String clientTls(String mode, TestPki.Issued cert, Path caFile, String provider) {
        return """
                client_tls:
                  mode: %s
                  cert_file: %s
                  key_file: %s
                  provider: %s
                """.formatted(mode, cert.cert(), cert.key(), provider)
                + (caFile == null ? "" : "  ca_file: " + caFile + "\n");
    }

    @Test
    void pgjdbcWithVerifyFullQueriesThroughSluice() throws SQLException {
        try (Connection c = ItEnv.connect(required, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                tls("verify-full", ca.certFile()))) {
            assertEquals(42, queryInt(c, "SELECT 6 * 7"));
        }
    }

    @Test
    void plainClientIsRefusedWhenTlsIsRequired() {
        Properties plain = new Properties();
        plain.setProperty("sslmode", "disable");
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(required, "app", ItEnv.APP_USER,
                ItEnv.APP_PASSWORD, plain).close());
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("TLS is required to connect to Sluice (client_tls.mode require)"),
                e.getMessage());
    }

    @Test
    void clientThatDoesNotTrustSluicesCaGivesUp() {
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(required, "app", ItEnv.APP_USER,
                ItEnv.APP_PASSWORD, tls("verify-full", untrusted.certFile())).close());
        assertTrue(e.getMessage().contains("SSL error"), e.getMessage());
    }

    @Test
    void directTlsWithPgjdbc() throws SQLException {
        Properties props = tls("verify-full", ca.certFile());
        props.setProperty("sslNegotiation", "direct");
        try (Connection c = ItEnv.connect(required, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props)) {
            assertEquals(7, queryInt(c, "SELECT 7"));
        }
    }

    @Test
    void directTlsWithoutAlpnIsClosedAfterTheHandshake() throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(ca.certFile()).getSocketFactory()
                .createSocket("127.0.0.1", required.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            send(socket.getOutputStream(), startup());
            // PostgreSQL 17 does the same: a direct TLS client that did not ask for "postgresql" is dropped.
            assertClosedWithoutReply(socket.getInputStream());
        }
    }

    @Test
    void directTlsWithAlpnGetsAnAuthenticationRequest() throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(ca.certFile()).getSocketFactory()
                .createSocket("127.0.0.1", required.port())) {
            socket.setSoTimeout(10_000);
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"postgresql"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            assertEquals("postgresql", socket.getApplicationProtocol());
            send(socket.getOutputStream(), startup());
            assertEquals('R', new DataInputStream(socket.getInputStream()).readByte());
        }
    }

    @Test
    void bytesPipelinedBehindSslRequestAreRefused() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", required.port())) {
            socket.setSoTimeout(10_000);
            ByteBuffer request = ByteBuffer.allocate(16).putInt(8).putInt(StartupMessage.SSL_REQUEST_CODE)
                    .putInt(8).putInt(StartupMessage.SSL_REQUEST_CODE);
            socket.getOutputStream().write(request.array());
            // Answered in plain text: an ErrorResponse (08P01), never 'S' with unprotected bytes behind it.
            byte[] reply = socket.getInputStream().readAllBytes();
            assertEquals('E', reply[0]);
            assertTrue(new String(reply, StandardCharsets.UTF_8).contains("08P01"));
        }
    }

    @Test
    void gssEncryptionIsDeclinedThenTlsGoesOn() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", required.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(ByteBuffer.allocate(8).putInt(8)
                    .putInt(StartupMessage.GSSENC_REQUEST_CODE).array());
            assertEquals('N', socket.getInputStream().read());
            socket.getOutputStream().write(ByteBuffer.allocate(8).putInt(8)
                    .putInt(StartupMessage.SSL_REQUEST_CODE).array());
            assertEquals('S', socket.getInputStream().read());
        }
    }

    @Test
    void psqlWithVerifyFull() throws Exception {
        assumeTrue(new File("/usr/bin/psql").canExecute() || onPath("psql"), "psql is not installed");
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-c", "SELECT 6 * 7", "-c", "\\conninfo",
                "host=localhost port=" + required.port() + " dbname=app user=" + ItEnv.APP_USER
                        + " sslmode=verify-full sslrootcert=" + ca.certFile())
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", ItEnv.APP_PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("42"), output);
        assertTrue(output.contains("SSL connection (protocol: TLSv1."), output);
    }

    @Test
    void verifyCaAcceptsAClientCertificateFromTheCa() throws SQLException {
        Properties props = tls("verify-full", ca.certFile());
        props.setProperty("sslcert", clientCert.cert().toString());
        props.setProperty("sslkey", clientCert.keyDer().toString());
        try (Connection c = ItEnv.connect(verifyCa, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props)) {
            assertEquals(1, queryInt(c, "SELECT 1"));
        }
    }

    @Test
    void verifyCaRefusesAClientWithoutCertificate() {
        Properties props = tls("verify-full", ca.certFile());
        props.setProperty("sslcert", dir.resolve("none.crt").toString());
        assertThrows(SQLException.class, () -> ItEnv.connect(verifyCa, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                props).close());
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void eachProviderServesVerifyFullClients(String provider, TestPostgres pg) throws SQLException {
        assumeTrue(!provider.equals("openssl") || OpenSsl.isAvailable(), "netty-tcnative does not load here");
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, 2, "") + clientTls("require", serverCert, null,
                provider));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                     tls("verify-full", ca.certFile()))) {
            assertEquals(3, queryInt(c, "SELECT 1 + 2"));
        }
    }

    @Test
    void reloadSwitchesCertificatesForNewConnectionsAndKeepsOpenOnes(TestPostgres pg) throws Exception {
        Path reloadDir = Files.createDirectories(dir.resolve("reload"));
        TestPki.Authority first = TestPki.authority(reloadDir, "First CA");
        TestPki.Issued live = new TestPki.Issued(reloadDir.resolve("live.crt"), reloadDir.resolve("live.key"), null);
        TestPki.Issued firstCert = first.issue("first", "localhost", "127.0.0.1");
        Files.copy(firstCert.cert(), live.cert());
        Files.copy(firstCert.key(), live.key());
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, 2, "") + clientTls("require", live, null, "auto"));
             Connection open = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                     tls("verify-full", first.certFile()))) {
            // The certificate is renewed by a new CA and Sluice is told to reload.
            TestPki.Authority second = TestPki.authority(reloadDir, "Second CA");
            TestPki.Issued secondCert = second.issue("second", "localhost", "127.0.0.1");
            Files.copy(secondCert.cert(), live.cert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(secondCert.key(), live.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            sluice.tls().reload();

            // The open connection keeps its session; new ones get the new certificate.
            assertEquals(5, queryInt(open, "SELECT 5"));
            try (Connection renewed = ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD,
                    tls("verify-full", second.certFile()))) {
                assertEquals(6, queryInt(renewed, "SELECT 6"));
            }
            assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER,
                    ItEnv.APP_PASSWORD, tls("verify-full", first.certFile())).close());
        }
    }

    static Properties tls(String sslmode, Path rootCert) {
        Properties props = new Properties();
        props.setProperty("sslmode", sslmode);
        props.setProperty("sslrootcert", rootCert.toString());
        return props;
    }

    static int queryInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static byte[] startup() {
        var params = new java.util.LinkedHashMap<String, String>();
        params.put("user", ItEnv.APP_USER);
        params.put("database", "app");
        var buf = new StartupMessage(StartupMessage.PROTOCOL_3_0, params).write(io.netty.buffer.Unpooled.buffer()
                .alloc());
        try {
            return io.netty.buffer.ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private static void assertClosedWithoutReply(InputStream in) {
        try {
            assertEquals(-1, in.read());
        } catch (SSLException | java.net.SocketException e) {
            // A TLS close or a reset: closed either way, and nothing was answered.
        } catch (IOException e) {
            throw new AssertionError("expected the connection to be closed", e);
        }
    }

    static SSLContext trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        return dirs.stream().anyMatch(d -> new File(d, tool).canExecute());
    }
}
