package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Users who are not in Sluice's {@code users:} log in with the secret {@code auth.query} fetches from PostgreSQL:
 * pgjdbc authenticates to Sluice with SCRAM (or md5) against it, and Sluice logs into PostgreSQL with the keys the
 * client proved (SCRAM pass-through) or the stored md5 hash; no plain password anywhere. The embedded server
 * authenticates roles by name prefix (md5_ with md5, others with scram-sha-256).
 */
@ExtendWith(PostgresExtension.class)
class AuthQueryIT {

    /** A superuser, so the default query on pg_shadow works. */
    private static final String LOOKUP = "aq_lookup";
    /** A least-privileged lookup role that may only call the lookup function. */
    private static final String FN_LOOKUP = "aq_fn_lookup";
    private static final String LOOKUP_PASSWORD = "lookup-secret";
    private static final String ALICE = "aq_alice";
    private static final String ALICE_PASSWORD = "alice's pw";
    private static final String BOB = "md5_aq_bob";
    private static final String DAVE = "aq_dave";
    private static final String CAROL = "aq_carol";

    private static final List<Sluice> STARTED = new ArrayList<>();
    private static Sluice scram;
    private static Sluice md5;
    private static Sluice leastPrivilege;
    private static Sluice shortTtl;
    private static Sluice session;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        assumeTrue(pg.honoursRolePrefixes(), "needs the embedded PostgreSQL: its pg_hba.conf picks methods by name");
        ItEnv.prepare(pg);
        pg.createRole(LOOKUP, LOOKUP_PASSWORD);
        pg.execute("ALTER ROLE " + LOOKUP + " SUPERUSER");
        pg.createRole(FN_LOOKUP, LOOKUP_PASSWORD);
        for (String role : List.of(ALICE, BOB, DAVE, CAROL)) {
            pg.createRole(role, role.equals(ALICE) ? ALICE_PASSWORD : "pw1");
            pg.execute("GRANT ALL ON DATABASE " + ItEnv.APP_DB + " TO " + role);
        }
        createLookupFunction(pg);

        scram = start(pg, "scram-sha-256", LOOKUP, "", "transaction");
        md5 = start(pg, "md5", LOOKUP, "", "transaction");
        leastPrivilege = start(pg, "scram-sha-256", FN_LOOKUP,
                "query: \"SELECT usename, passwd FROM sluice_auth.lookup($1)\"", "transaction");
        shortTtl = start(pg, "scram-sha-256", LOOKUP, "query_cache_ttl: 1s", "transaction");
        session = start(pg, "scram-sha-256", LOOKUP, "", "session");
    }

    /** The SQL of docs/security.md: a SECURITY DEFINER function, callable only by the lookup role. */
    private static void createLookupFunction(TestPostgres pg) throws SQLException {
        try (Connection c = pg.connectAsSuperUser(ItEnv.APP_DB); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS sluice_auth");
            s.execute("""
                    CREATE OR REPLACE FUNCTION sluice_auth.lookup(p_user text)
                    RETURNS TABLE (usename name, passwd text)
                    LANGUAGE sql STABLE SECURITY DEFINER
                    SET search_path = pg_catalog, pg_temp
                    AS $$
                        SELECT rolname, rolpassword FROM pg_authid
                        WHERE rolname = p_user AND rolcanlogin AND NOT rolsuper
                          AND (rolvaliduntil IS NULL OR rolvaliduntil > now())
                    $$""");
            s.execute("REVOKE ALL ON FUNCTION sluice_auth.lookup(text) FROM PUBLIC");
            s.execute("GRANT USAGE ON SCHEMA sluice_auth TO " + FN_LOOKUP);
            s.execute("GRANT EXECUTE ON FUNCTION sluice_auth.lookup(text) TO " + FN_LOOKUP);
        }
    }

    private static Sluice start(TestPostgres pg, String authType, String authUser, String extraAuth, String mode) {
        String yaml = """
                listen: { host: 127.0.0.1, port: 0, client_login_timeout: 60s }
                pool: { mode: %s, size: 2, query_wait_timeout: 30s, server_check_delay: 0 }
                auth: { type: %s, user: %s%s }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                """.formatted(mode, authType, authUser, extraAuth.isEmpty() ? "" : ", " + extraAuth, pg.host(),
                pg.port(), ItEnv.APP_DB, authUser, LOOKUP_PASSWORD);
        Sluice sluice = ItEnv.start(yaml);
        STARTED.add(sluice);
        return sluice;
    }

    @AfterAll
    static void stop() {
        STARTED.forEach(Sluice::close);
    }

    @Test
    void aRoleOnlyPostgresKnowsLogsInWithScramAndSharesTheTransactionPool(TestPostgres pg) throws Exception {
        // Six clients of aq_alice, who is not in users:, each run transactions through a pool of two servers.
        Set<Integer> backends = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                done.add(clients.submit(() -> {
                    try (Connection c = connect(scram, ALICE, ALICE_PASSWORD); Statement s = c.createStatement()) {
                        for (int tx = 0; tx < 5; tx++) {
                            try (ResultSet rs = s.executeQuery("SELECT current_user, pg_backend_pid()")) {
                                assertTrue(rs.next());
                                assertEquals(ALICE, rs.getString(1));
                                backends.add(rs.getInt(2));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        // Sluice logged into PostgreSQL as aq_alice (scram-sha-256 in pg_hba.conf) with the keys the clients proved.
        assertTrue(backends.size() <= 2, "at most pool.size servers: " + backends);
        assertTrue(ItEnv.sessionsOf(pg, ALICE) <= 2);
        // A new client reuses the pool's servers.
        try (Connection c = connect(scram, ALICE, ALICE_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(backends.contains(rs.getInt(1)), "served by a pooled server");
        }
    }

    @Test
    void inSessionModeTheServerTakenAtLoginUsesTheKeysOfThatVeryLogin() throws SQLException {
        // A session-mode login takes a server at once: the keys this client just proved are already there.
        try (Connection a = connect(session, ALICE, ALICE_PASSWORD); Connection b = connect(session, ALICE,
                ALICE_PASSWORD); Statement sa = a.createStatement(); Statement sb = b.createStatement();
             ResultSet ra = sa.executeQuery("SELECT current_user, pg_backend_pid()");
             ResultSet rb = sb.executeQuery("SELECT current_user, pg_backend_pid()")) {
            assertTrue(ra.next());
            assertTrue(rb.next());
            assertEquals(ALICE, ra.getString(1));
            assertEquals(ALICE, rb.getString(1));
            assertNotEquals(ra.getInt(2), rb.getInt(2), "one server per session");
        }
    }

    @Test
    void aWrongPasswordIs28P01AndAnUnknownUserReadsTheSame() {
        SQLException wrong = assertThrows(SQLException.class, () -> connect(scram, ALICE, "not it").close());
        SQLException unknown = assertThrows(SQLException.class, () -> connect(scram, "aq_nobody", "x").close());
        assertEquals("28P01", wrong.getSQLState());
        assertEquals("28P01", unknown.getSQLState());
        assertEquals(wrong.getMessage().replace(ALICE, "?"), unknown.getMessage().replace("aq_nobody", "?"));
    }

    @Test
    void anMd5RoleLogsInWithMd5AndSluicePassesTheStoredHashOn() throws SQLException {
        // md5_aq_bob's secret in PostgreSQL is an md5 hash; PostgreSQL asks md5 of it (pg_hba.conf by prefix).
        try (Connection c = connect(md5, BOB, "pw1"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals(BOB, rs.getString(1));
        }
        assertEquals("28P01", assertThrows(SQLException.class, () -> connect(md5, BOB, "pw2").close()).getSQLState());
        // With auth.type md5, a SCRAM verifier still makes the exchange SCRAM, as in PostgreSQL.
        try (Connection c = connect(md5, ALICE, ALICE_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals(ALICE, rs.getString(1));
        }
        // An md5 hash cannot answer scram-sha-256: refused like a wrong password.
        assertEquals("28P01", assertThrows(SQLException.class, () -> connect(scram, BOB, "pw1").close())
                .getSQLState());
    }

    @Test
    void aLeastPrivilegeLookupFunctionWorksThroughACustomQuery(TestPostgres pg) throws SQLException {
        // The lookup role itself cannot read the catalog of passwords.
        Properties props = new Properties();
        props.setProperty("user", FN_LOOKUP);
        props.setProperty("password", LOOKUP_PASSWORD);
        try (Connection direct = java.sql.DriverManager.getConnection(pg.jdbcUrl(ItEnv.APP_DB), props);
             Statement s = direct.createStatement()) {
            assertEquals("42501", assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT passwd FROM pg_shadow")).getSQLState());
        }
        try (Connection c = connect(leastPrivilege, ALICE, ALICE_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals(ALICE, rs.getString(1));
        }
        // The function returns no row for a superuser: such a role cannot log in through Sluice, right password or
        // not.
        assertEquals("28P01", assertThrows(SQLException.class,
                () -> connect(leastPrivilege, LOOKUP, LOOKUP_PASSWORD).close()).getSQLState());
    }

    @Test
    void afterTheCacheTtlANewPasswordIsFetched(TestPostgres pg) throws Exception {
        assertEquals(CAROL, currentUser(shortTtl, CAROL, "pw1"));
        pg.execute("ALTER ROLE " + CAROL + " PASSWORD 'pw2'");
        // Within auth.query_cache_ttl (1 s) Sluice may still hold the old verifier; after it, the new one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                assertEquals(CAROL, currentUser(shortTtl, CAROL, "pw2"));
                last = null;
                break;
            } catch (SQLException e) {
                assertEquals("28P01", e.getSQLState(), e.getMessage());
                last = e;
                Thread.sleep(200);
            }
        }
        assertEquals(null, last, "the new password was never accepted");
        assertEquals("28P01", assertThrows(SQLException.class, () -> currentUser(shortTtl, CAROL, "pw1"))
                .getSQLState());
    }

    @Test
    void aPasswordChangedInPostgresEvictsTheCachedSecretWhenPostgresRefusesTheOldKeys(TestPostgres pg)
            throws Exception {
        assertEquals(DAVE, currentUser(scram, DAVE, "pw1"));
        pg.execute("ALTER ROLE " + DAVE + " PASSWORD 'pw2'");
        // auth.query_cache_ttl is 60 s: Sluice still checks clients against the old verifier.
        assertEquals("28P01", assertThrows(SQLException.class, () -> currentUser(scram, DAVE, "pw2"))
                .getSQLState());
        // The pool's server goes away; a new one must log in with the old keys, and PostgreSQL's new salt shows
        // the change before any proof is sent. The client is told, and the cached secret is dropped.
        pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + DAVE + "'");
        SQLException refused = assertThrows(SQLException.class, () -> currentUser(scram, DAVE, "pw1"));
        assertEquals("08006", refused.getSQLState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("password was changed"), refused.getMessage());
        // The next login fetches the new verifier, and the pool logs in with the new keys at once.
        assertEquals(DAVE, currentUser(scram, DAVE, "pw2"));
        assertEquals("28P01", assertThrows(SQLException.class, () -> currentUser(scram, DAVE, "pw1"))
                .getSQLState());
    }

    @Test
    void aFailedLookupIsAClearErrorNotAHang(TestPostgres pg) {
        Sluice wrongLookupUser = ItEnv.start("""
                listen: { host: 127.0.0.1, port: 0, client_login_timeout: 60s }
                auth: { user: %s }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "wrong" }
                """.formatted(LOOKUP, pg.host(), pg.port(), ItEnv.APP_DB, LOOKUP));
        STARTED.add(wrongLookupUser);
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> connect(wrongLookupUser, ALICE, ALICE_PASSWORD));
        assertEquals("08006", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("could not look up the password of user \"" + ALICE + "\" with auth.query"),
                e.getMessage());
        // Refused for what went wrong (not 08P01 at listen.client_login_timeout), and long before that timeout.
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "answered before the login timeout");

        Sluice brokenQuery = ItEnv.start("""
                listen: { host: 127.0.0.1, port: 0, client_login_timeout: 60s }
                auth: { user: %s, query: "SELECT * FROM no_such_function($1)" }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                """.formatted(LOOKUP, pg.host(), pg.port(), ItEnv.APP_DB, LOOKUP, LOOKUP_PASSWORD));
        STARTED.add(brokenQuery);
        SQLException query = assertThrows(SQLException.class, () -> connect(brokenQuery, ALICE, ALICE_PASSWORD));
        assertEquals("28000", query.getSQLState(), query.getMessage());
        assertTrue(query.getMessage().contains("auth.query failed"), query.getMessage());
    }

    @Test
    void aFloodOfUnknownUsersTakesNoMoreLookupConnectionsThanAllowed(TestPostgres pg) throws Exception {
        // Lookups run in their own database entry, reached through a relay that counts connections open at once.
        try (TcpRelay relay = new TcpRelay(pg.port())) {
            Sluice bounded = ItEnv.start("""
                    listen: { host: 127.0.0.1, port: 0, client_login_timeout: 60s }
                    auth: { user: %s, database: lookups, query_max_connections: 1 }
                    databases:
                      app: { host: %s, port: %d, dbname: %s }
                      lookups: { host: 127.0.0.1, port: %d, dbname: %s }
                    users:
                      %s: { password: "%s" }
                    """.formatted(LOOKUP, pg.host(), pg.port(), ItEnv.APP_DB, relay.port(), ItEnv.APP_DB, LOOKUP,
                    LOOKUP_PASSWORD));
            STARTED.add(bounded);
            // Twenty clients log in at once as twenty different unknown users: twenty lookups, one at a time.
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                List<Future<String>> done = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String ghost = "aq_ghost_" + i;
                    done.add(clients.submit(() -> assertThrows(SQLException.class,
                            () -> connect(bounded, ghost, "x").close()).getSQLState()));
                }
                for (Future<String> f : done) {
                    assertEquals("28P01", f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
            }
            // Sluice opens the next lookup connection only once the previous one has closed; the relay sees that
            // close on another thread than the next connect, so it may count the two as overlapping, never more.
            // (Without the bound, twenty logins at once open several lookup connections at once.)
            int most = relay.mostOpen();
            assertTrue(most >= 1 && most <= 2, "lookup connections open at once: " + most
                    + " (auth.query_max_connections: 1)");
        }
    }

    private static String currentUser(Sluice sluice, String user, String password) throws SQLException {
        try (Connection c = connect(sluice, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static Connection connect(Sluice sluice, String user, String password) throws SQLException {
        return ItEnv.connect(sluice, "app", user, password, new Properties());
    }
}
