package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client-side method Sluice offers × every method PostgreSQL may ask of Sluice, with right and wrong
 * passwords, an unknown user and an unknown database. The embedded server picks its method from the role name
 * prefix (trust_, md5_, password_, anything else: scram-sha-256).
 */
@ExtendWith(PostgresExtension.class)
class AuthMatrixIT {

    private static final List<String> CLIENT_METHODS = List.of("trust", "md5", "scram-sha-256");
    private static final List<String> SERVER_ROLES = List.of("trust_user", "md5_user", "password_user",
            "scram_user");
    private static final String PASSWORD = "s3cret-with-'quote";

    private static final java.util.Map<String, Sluice> SLUICES = new java.util.HashMap<>();

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        assumeTrue(pg.honoursRolePrefixes(), "the auth matrix needs the embedded PostgreSQL and its pg_hba.conf");
        ItEnv.prepare(pg);
        for (String role : SERVER_ROLES) {
            pg.createRole(role, PASSWORD);
            pg.execute("GRANT CONNECT ON DATABASE " + ItEnv.APP_DB + " TO " + role);
        }
        for (String method : CLIENT_METHODS) {
            StringBuilder users = new StringBuilder();
            for (String role : SERVER_ROLES) {
                users.append("  ").append(role).append(": { password: \"").append(PASSWORD.replace("\"", "\\\""))
                        .append("\" }\n");
            }
            // Secrets may also be stored hashed: one user per stored form Sluice's client side accepts.
            users.append("  hashed_scram: { password: \"")
                    .append(ScramSecret.generate(PASSWORD, new SecureRandom()).encode()).append("\" }\n");
            String yaml = """
                    listen: { host: 127.0.0.1, port: 0 }
                    pool: { mode: session, size: 2 }
                    auth: { type: %s }
                    databases:
                      app: { host: %s, port: %d, dbname: %s }
                      scram_only: { host: %s, port: %d, dbname: %s, server_user: scram_user, \
                    server_password: "%s" }
                    users:
                    %s""".formatted(method, pg.host(), pg.port(), ItEnv.APP_DB, pg.host(), pg.port(), ItEnv.APP_DB,
                    PASSWORD, users);
            SLUICES.put(method, ItEnv.start(yaml));
        }
    }

    @AfterAll
    static void stop() {
        SLUICES.values().forEach(Sluice::close);
    }

    static List<Arguments> matrix() {
        List<Arguments> cases = new java.util.ArrayList<>();
        for (String method : CLIENT_METHODS) {
            for (String role : SERVER_ROLES) {
                cases.add(Arguments.of(method, role));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "client {0}, server role {1}")
    @MethodSource("matrix")
    void rightPasswordLogsInAndQueries(String method, String role) throws SQLException {
        try (Connection c = ItEnv.connect(SLUICES.get(method), "app", role, PASSWORD, new Properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals(role, rs.getString(1));
        }
    }

    @ParameterizedTest(name = "client {0}, server role {1}")
    @MethodSource("matrix")
    void wrongPasswordIsRefused(String method, String role) {
        if (method.equals("trust")) {
            return; // trust takes any password; covered by rightPasswordLogsInAndQueries
        }
        SQLException e = assertThrows(SQLException.class,
                () -> ItEnv.connect(SLUICES.get(method), "app", role, "not-it", new Properties()).close());
        assertEquals("28P01", e.getSQLState());
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("methods")
    void unknownUserReadsLikeAWrongPassword(String method) {
        SQLException e = assertThrows(SQLException.class,
                () -> ItEnv.connect(SLUICES.get(method), "app", "nobody_here", PASSWORD, new Properties()).close());
        assertEquals("28P01", e.getSQLState());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("methods")
    void unknownDatabaseIs3D000(String method) {
        SQLException e = assertThrows(SQLException.class,
                () -> ItEnv.connect(SLUICES.get(method), "nope", "scram_user", PASSWORD, new Properties()).close());
        assertEquals("3D000", e.getSQLState());
    }

    @ParameterizedTest(name = "client {0}")
    @MethodSource("methods")
    void storedScramVerifierAuthenticatesClientsAndServerUserLogsIn(String method) throws SQLException {
        // The client side checks a stored verifier; PostgreSQL is reached as server_user with server_password.
        try (Connection c = ItEnv.connect(SLUICES.get(method), "scram_only", "hashed_scram", PASSWORD,
                new Properties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals("scram_user", rs.getString(1));
        }
    }

    static List<String> methods() {
        return CLIENT_METHODS;
    }

    @org.junit.jupiter.api.Test
    void md5HashOfTheSameSecretMatchesWhatPostgresStores(TestPostgres pg) throws SQLException {
        try (Connection c = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = 'md5_user'")) {
            assertTrue(rs.next());
            assertEquals(Md5Password.hash(PASSWORD, "md5_user"), rs.getString(1));
        }
    }
}
