package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code auth.query} settings: defaults, values, and the rules that tie them to users and databases. */
class AuthQueryConfigTest {

    @Test
    void offByDefaultWithPgBouncersQuery() throws ConfigException {
        AuthConfig auth = parse("databases: { app: }\nusers: { app: { password: secret } }\n").auth();

        assertFalse(auth.queryEnabled());
        assertEquals("SELECT usename, passwd FROM pg_shadow WHERE usename = $1", auth.query());
        assertEquals(Optional.empty(), auth.user());
        assertEquals(Optional.empty(), auth.database());
        assertEquals(4, auth.queryMaxConnections());
        assertEquals(Duration.ofSeconds(60), auth.queryCacheTtl());
        assertEquals(Duration.ofSeconds(5), auth.queryNegativeCacheTtl());
        assertEquals(auth, new AuthConfig(AuthType.SCRAM_SHA_256));
    }

    @Test
    void everyValueCanBeSetAndUsersMayOmitTheirPassword() throws ConfigException {
        SluiceConfig config = parse("""
                auth:
                  type: md5
                  user: lookup
                  query: SELECT * FROM sluice.lookup($1)
                  database: auth_db
                  query_max_connections: 2
                  query_cache_ttl: 5m
                  query_negative_cache_ttl: 0
                databases: { app: {}, auth_db: { dbname: postgres } }
                users:
                  lookup: { password: lookup-secret }
                  alice: {}
                """);
        AuthConfig auth = config.auth();

        assertTrue(auth.queryEnabled());
        assertEquals("SELECT * FROM sluice.lookup($1)", auth.query());
        assertEquals(Optional.of("lookup"), auth.user());
        assertEquals(Optional.of("auth_db"), auth.database());
        assertEquals(2, auth.queryMaxConnections());
        assertEquals(Duration.ofMinutes(5), auth.queryCacheTtl());
        assertEquals(Duration.ZERO, auth.queryNegativeCacheTtl());
        assertNull(config.users().get("alice").password());
    }

    @Test
    void authUserMustBeAConfiguredUserAndTheDatabaseAConfiguredDatabase() {
        List<ConfigProblem> problems = problems("""
                auth:
                  user: lookup
                  database: ap
                databases: { app: {} }
                """);

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, "auth.user", "user 'lookup' must be listed under users:");
        assertProblem(problems.get(1), 3, "auth.database", "database 'ap' is not listed under databases: (did you"
                + " mean 'app'?)");
    }

    @Test
    void queryMustTakeTheUserName() {
        List<ConfigProblem> problems = problems("""
                auth:
                  user: lookup
                  query: SELECT usename, passwd FROM pg_shadow
                databases: { app: {} }
                users: { lookup: { password: x } }
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "auth.query", "must contain $1");
    }

    @Test
    void authUserMakesNoSenseWithTrust() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust, user: lookup }
                databases: { app: {} }
                users: { lookup: {} }
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 1, "auth.user", "has no effect with auth.type trust");
    }

    @Test
    void withoutAuthUserAPasswordIsStillRequiredAndTheMessageSaysHowToLookItUp() {
        List<ConfigProblem> problems = problems("databases: { app: {} }\nusers:\n  alice: {}\n");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "users.alice", "password is required when auth.type is scram-sha-256 (or"
                + " set auth.user to look it up with auth.query)");
    }

    @Test
    void recordRefusesNegativeTtls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AuthConfig(
                AuthType.MD5, "q $1", Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(-1), Duration.ZERO,
                0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertEquals("auth.query_cache_ttl: PT-1S (expected: >= 0)", e.getMessage());
    }

    private static SluiceConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "sluice.yaml", Map.of());
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    private static void assertProblem(ConfigProblem problem, int line, String keyPath, String messageStart) {
        assertEquals(line, problem.line(), problem.toString());
        assertEquals(keyPath, problem.keyPath(), problem.toString());
        assertTrue(problem.message().startsWith(messageStart), problem.toString());
    }
}
