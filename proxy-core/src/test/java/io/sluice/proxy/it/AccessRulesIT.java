package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPki;
import io.sluice.testing.TestPostgres;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hba:} access rules end to end with pgjdbc: first match wins, TLS-only rules, sources, reject, no
 * match, and each rule's method replacing {@code auth.type}.
 */
@ExtendWith(PostgresExtension.class)
class AccessRulesIT {

    private static final String TLS_USER = "hba_tls_user";
    private static final String FAR_USER = "hba_far_user";
    private static final String CLEAR_USER = "hba_clear_user";

    @TempDir
    static Path dir;

    private static TestPki.Authority ca;
    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        for (String role : new String[] {TLS_USER, FAR_USER, CLEAR_USER}) {
            ItEnv.dedicatedRole(pg, role);
        }
        ca = TestPki.authority(dir, "Rules CA");
        TestPki.Issued cert = ca.issue("sluice", "localhost", "127.0.0.1");
        StringBuilder users = new StringBuilder();
        for (String user : new String[] {TLS_USER, FAR_USER, CLEAR_USER, "blocked"}) {
            users.append("  ").append(user).append(": { password: \"").append(ItEnv.APP_PASSWORD).append("\" }\n");
        }
        sluice = ItEnv.start(ItEnv.config(pg, 4, "") + users + ClientTlsIT.clientTls("allow", cert,
                null, "auto") + """
                hba:
                  - { database: app, user: %s, tls: required, method: trust }
                  - { user: blocked, method: reject }
                  - { database: [sluice, pgbouncer], method: reject }
                  - { database: app, user: %s, source: 10.0.0.0/8, method: trust }
                  - { database: app, user: %s, source: 127.0.0.1, method: password }
                  - { database: app, user: [%s, %s], source: 127.0.0.0/8, method: scram-sha-256 }
                """.formatted(TLS_USER, FAR_USER, CLEAR_USER, ItEnv.APP_USER, TLS_USER));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void tlsOnlyRuleMatchesTlsClientsFirst() throws SQLException {
        // Over TLS the first rule (trust) matches: any password will do.
        try (Connection c = ItEnv.connect(sluice, "app", TLS_USER, "not-the-password",
                ClientTlsIT.tls("verify-full", ca.certFile()))) {
            assertEquals(1, ClientTlsIT.queryInt(c, "SELECT 1"));
        }
    }

    @Test
    void plainClientFallsThroughToTheNextMatchingRule() throws SQLException {
        // In plain text the TLS-only rule is skipped; the scram-sha-256 rule asks for the real password.
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", TLS_USER,
                "not-the-password", plain()).close());
        assertEquals("28P01", e.getSQLState());
        try (Connection c = ItEnv.connect(sluice, "app", TLS_USER, ItEnv.APP_PASSWORD, plain())) {
            assertEquals(2, ClientTlsIT.queryInt(c, "SELECT 2"));
        }
    }

    @Test
    void rejectRuleRefusesWith28000() {
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", "blocked",
                ItEnv.APP_PASSWORD, plain()).close());
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("hba rejects connection for host \"127.0.0.1\", user \"blocked\","
                + " database \"app\", no encryption"), e.getMessage());
    }

    @Test
    void adminDatabasesAreMatchedByNameLikeAnyOther() {
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "pgbouncer",
                ItEnv.APP_USER, ItEnv.APP_PASSWORD, plain()).close());
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("hba rejects connection"), e.getMessage());
    }

    @Test
    void ruleForAnotherSourceDoesNotMatchAndNoMatchIs28000() {
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", FAR_USER,
                ItEnv.APP_PASSWORD, plain()).close());
        assertEquals("28000", e.getSQLState());
        assertTrue(e.getMessage().contains("no hba rule for host \"127.0.0.1\", user \"" + FAR_USER
                + "\", database \"app\", no encryption"), e.getMessage());
    }

    @Test
    void unknownUserGetsNoRuleRatherThanAPasswordPrompt() {
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", "nobody_at_all",
                ItEnv.APP_PASSWORD, plain()).close());
        assertEquals("28000", e.getSQLState());
    }

    @Test
    void passwordMethodAsksForTheClearTextPasswordAndChecksIt() throws Exception {
        // A raw client sees which method the rule chose: AuthenticationCleartextPassword (3).
        try (Socket socket = new Socket("127.0.0.1", sluice.port())) {
            socket.setSoTimeout(10_000);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("user", CLEAR_USER);
            params.put("database", "app");
            var startup = new StartupMessage(StartupMessage.PROTOCOL_3_0, params)
                    .write(io.netty.buffer.Unpooled.buffer().alloc());
            try {
                socket.getOutputStream().write(io.netty.buffer.ByteBufUtil.getBytes(startup));
            } finally {
                startup.release();
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertEquals('R', in.readByte());
            assertEquals(8, in.readInt());
            assertEquals(3, in.readInt());
        }
        try (Connection c = ItEnv.connect(sluice, "app", CLEAR_USER, ItEnv.APP_PASSWORD, plain())) {
            assertEquals(3, ClientTlsIT.queryInt(c, "SELECT 3"));
        }
        SQLException e = assertThrows(SQLException.class, () -> ItEnv.connect(sluice, "app", CLEAR_USER, "wrong",
                plain()).close());
        assertEquals("28P01", e.getSQLState());
    }

    @Test
    void withoutRulesEveryClientMayTryAuthType(TestPostgres pg) throws SQLException {
        try (Sluice open = ItEnv.start(ItEnv.config(pg, 2, ""));
             Connection c = ItEnv.connect(open, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, plain())) {
            assertEquals(4, ClientTlsIT.queryInt(c, "SELECT 4"));
        }
    }

    private static Properties plain() {
        Properties props = new Properties();
        props.setProperty("sslmode", "disable");
        return props;
    }
}
