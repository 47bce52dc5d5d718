package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.sluice.proxy.Sluice;
import io.sluice.testing.EmbeddedPostgresServer;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPki;
import io.sluice.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS between Sluice and a PostgreSQL of the test's own that accepts TCP logins only over TLS ({@code hostssl}),
 * with a certificate that names {@code localhost} only: verify-full, verify-ca, a wrong host name, an untrusted CA,
 * certificate authentication, and the modes against a server without TLS.
 */
@ExtendWith(PostgresExtension.class)
class ServerTlsIT {

    private static final String CERT_USER = "cert_user";
    private static final String HBA = String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "hostssl all " + CERT_USER + " 127.0.0.1/32 cert",
            "hostssl all all 127.0.0.1/32 scram-sha-256",
            "");

    @TempDir
    static Path dir;

    private static TestPki.Authority ca;
    private static TestPki.Authority untrusted;
    private static TestPki.Issued sluiceClientCert;
    private static EmbeddedPostgresServer tlsPg;

    @BeforeAll
    static void start() throws SQLException {
        ca = TestPki.authority(dir, "Database CA");
        untrusted = TestPki.authority(dir, "Other CA");
        TestPki.Issued serverCert = ca.issue("postgres", "localhost", "localhost");
        sluiceClientCert = ca.issue("sluice-client", CERT_USER);
        tlsPg = EmbeddedPostgresServer.start(HBA, Map.of("ssl", "on",
                "ssl_cert_file", serverCert.cert().toString(), "ssl_key_file", serverCert.key().toString(),
                "ssl_ca_file", ca.certFile().toString()));
        tlsPg.createRole(ItEnv.APP_USER, ItEnv.APP_PASSWORD);
        tlsPg.createDatabase(ItEnv.APP_DB, ItEnv.APP_USER);
        tlsPg.createRole(CERT_USER, "unused-password");
        tlsPg.execute("GRANT CONNECT ON DATABASE " + ItEnv.APP_DB + " TO " + CERT_USER);
    }

    @AfterAll
    static void stop() {
        tlsPg.close();
    }

    static String config(String host, int port, String serverTls) {
        return """
                listen: { host: 127.0.0.1, port: 0 }
                pool: { mode: session, size: 2, server_connect_timeout: 10s, server_login_retry: 0 }
                auth: { type: trust }
                server_tls: %s
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                  %s: {}
                """.formatted(serverTls, host, port, ItEnv.APP_DB, ItEnv.APP_USER, ItEnv.APP_PASSWORD, CERT_USER);
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void verifyFullReachesPostgresOverTls(String provider) throws SQLException {
        assumeProvider(provider);
        String tls = "{ mode: verify-full, ca_file: " + ca.certFile() + ", provider: " + provider + " }";
        try (Sluice sluice = ItEnv.start(config("localhost", tlsPg.port(), tls));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "PostgreSQL sees Sluice's connection as TLS");
            assertTrue(rs.getString(2).startsWith("TLSv1."), rs.getString(2));
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void verifyFullRefusesACertificateForAnotherHostName(String provider) {
        assumeProvider(provider);
        // The certificate names localhost; Sluice connects to 127.0.0.1.
        String tls = "{ mode: verify-full, ca_file: " + ca.certFile() + ", provider: " + provider + " }";
        try (Sluice sluice = ItEnv.start(config("127.0.0.1", tlsPg.port(), tls))) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties()).close());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("with TLS (server_tls.mode verify-full): its certificate does not"
                    + " name host \"127.0.0.1\""), e.getMessage());
        }
    }

    @Test
    void verifyCaDoesNotCheckTheHostName() throws SQLException {
        String tls = "{ mode: verify-ca, ca_file: " + ca.certFile() + " }";
        try (Sluice sluice = ItEnv.start(config("127.0.0.1", tlsPg.port(), tls));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties())) {
            assertEquals(1, ClientTlsIT.queryInt(c, "SELECT 1"));
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"jdk", "openssl"})
    void untrustedCaIsRefused(String provider) {
        assumeProvider(provider);
        String tls = "{ mode: verify-ca, ca_file: " + untrusted.certFile() + ", provider: " + provider + " }";
        try (Sluice sluice = ItEnv.start(config("localhost", tlsPg.port(), tls))) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties()).close());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("its certificate is not signed by a CA in server_tls.ca_file"),
                    e.getMessage());
        }
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificate() throws SQLException {
        try (Sluice sluice = ItEnv.start(config("127.0.0.1", tlsPg.port(), "{ mode: require }"));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties())) {
            assertEquals(1, ClientTlsIT.queryInt(c, "SELECT count(*) FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                    + " AND ssl"));
        }
    }

    @Test
    void clientCertificateLogsInWithCertAuthentication() throws SQLException {
        String tls = "{ mode: verify-full, ca_file: " + ca.certFile() + ", cert_file: " + sluiceClientCert.cert()
                + ", key_file: " + sluiceClientCert.key() + " }";
        try (Sluice sluice = ItEnv.start(config("localhost", tlsPg.port(), tls));
             Connection c = ItEnv.connect(sluice, "app", CERT_USER, "", new Properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals(CERT_USER, rs.getString(1));
        }
    }

    @Test
    void withoutTlsTheServerRefusesTheLogin() {
        // The control experiment: this server takes TCP logins only over TLS.
        try (Sluice sluice = ItEnv.start(config("localhost", tlsPg.port(), "{ mode: disable }"))) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties()).close());
            assertTrue(e.getMessage().contains("no encryption"), e.getMessage());
        }
    }

    @Test
    void requireRefusesAServerWithoutTls(TestPostgres plainPg) throws SQLException {
        assumeTrue(plainPg.honoursRolePrefixes(), "needs the embedded PostgreSQL, which runs without TLS");
        ItEnv.prepare(plainPg);
        try (Sluice sluice = ItEnv.start(config(plainPg.host(), plainPg.port(), "{ mode: require }"))) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties()).close());
            assertEquals("08006", e.getSQLState());
            assertTrue(e.getMessage().contains("with TLS (server_tls.mode require): the server does not accept TLS"
                    + " (it answered N to SSLRequest); turn ssl on in PostgreSQL"), e.getMessage());
        }
    }

    @Test
    void preferFallsBackToPlainTextWhenTheServerHasNoTls(TestPostgres plainPg) throws SQLException {
        assumeTrue(plainPg.honoursRolePrefixes(), "needs the embedded PostgreSQL, which runs without TLS");
        ItEnv.prepare(plainPg);
        try (Sluice sluice = ItEnv.start(config(plainPg.host(), plainPg.port(), "{ mode: prefer }"));
             Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "any", new Properties())) {
            assertEquals(9, ClientTlsIT.queryInt(c, "SELECT 9"));
        }
    }

    private static void assumeProvider(String provider) {
        assumeTrue(!provider.equals("openssl") || OpenSsl.isAvailable(), "netty-tcnative does not load here");
    }
}
