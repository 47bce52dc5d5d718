package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void defaultsAreAppliedFromTheSettingsTable() throws ConfigException {
        SluiceConfig config = parse("""
                auth: { type: trust }
                databases:
                  app: {}
                """);

        assertEquals(new ListenConfig("127.0.0.1", 6432, Duration.ofSeconds(60), 256 * 1024 * 1024),
                config.listen());
        assertEquals(new PoolConfig(PoolMode.SESSION, 20, 10_000, Duration.ofSeconds(120), Duration.ofSeconds(15),
                Duration.ofSeconds(600), Duration.ofSeconds(3600), "DISCARD ALL", Duration.ofSeconds(10),
                Duration.ofSeconds(5), 0, Duration.ofSeconds(15), Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(30), "select 1", 0, Duration.ofSeconds(5), 0, 0, 200, 10_000),
                config.pool());
        assertEquals(new DatabaseConfig("app", "127.0.0.1", 5432, "app", OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), config.databases().get("app"));
        assertEquals(Map.of(), config.users());
        assertEquals(new MetricsConfig(true, "127.0.0.1", 9127), config.metrics());
    }

    @Test
    void metricsListenerIsConfiguredOrDisabled() throws ConfigException {
        SluiceConfig config = parse("""
                auth: { type: trust }
                databases: { app: {} }
                metrics: { enabled: off, host: 0.0.0.0, port: 0 }
                """);

        assertEquals(new MetricsConfig(false, "0.0.0.0", 0), config.metrics());
    }

    @Test
    void metricsEnabledMustBeABoolean() {
        List<ConfigProblem> problems = problems("auth: { type: trust }\ndatabases: { app: {} }\n"
                + "metrics: { enabled: maybe }\n");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "metrics.enabled", "expected true or false, got 'maybe'");
    }

    @Test
    void clientAndServerTimeoutsHavePgBouncerDefaults() throws ConfigException {
        PoolConfig pool = parse("auth: { type: trust }\ndatabases: { app: {} }\n").pool();

        assertEquals(Duration.ofSeconds(5), pool.queryWaitNotify());
        assertEquals(0, pool.minPoolSize());
        assertEquals(Duration.ofSeconds(15), pool.serverLoginRetry());
        assertEquals(Duration.ZERO, pool.clientIdleTimeout());
        assertEquals(Duration.ZERO, pool.idleTransactionTimeout());
        assertEquals(Duration.ZERO, pool.queryTimeout());
    }

    @Test
    void aGivenDurationOverridesItsDefaultAndLeavesTheOthers() throws ConfigException {
        PoolConfig pool = parse("""
                auth: { type: trust }
                pool: { idle_transaction_timeout: 90s, query_wait_notify: 1500ms }
                databases: { app: {} }
                """).pool();

        assertEquals(Duration.ofSeconds(90), pool.idleTransactionTimeout());
        assertEquals(Duration.ofMillis(1500), pool.queryWaitNotify());
        assertEquals(Duration.ZERO, pool.clientIdleTimeout());
        assertEquals(Duration.ZERO, pool.queryTimeout());
        assertEquals(Duration.ofSeconds(15), pool.serverLoginRetry());
    }

    @Test
    void serverCheckReservePoolAndConnectionLimitsHavePgBouncerDefaults() throws ConfigException {
        PoolConfig pool = parse("auth: { type: trust }\ndatabases: { app: {} }\n").pool();

        assertEquals(Duration.ofSeconds(30), pool.serverCheckDelay());
        assertEquals("select 1", pool.serverCheckQuery());
        assertEquals(0, pool.reservePoolSize());
        assertEquals(Duration.ofSeconds(5), pool.reservePoolTimeout());
        assertEquals(0, pool.maxDbConnections());
        assertEquals(0, pool.maxUserConnections());
    }

    @Test
    void serverCheckReservePoolAndConnectionLimitsCanBeSet() throws ConfigException {
        PoolConfig pool = parse("""
                auth: { type: trust }
                pool:
                  server_check_delay: 0
                  server_check_query: ""
                  reserve_pool_size: 3
                  reserve_pool_timeout: 2s
                  max_db_connections: 40
                  max_user_connections: 100000
                databases: { app: {} }
                """).pool();

        assertEquals(Duration.ZERO, pool.serverCheckDelay());
        assertEquals("", pool.serverCheckQuery());
        assertEquals(3, pool.reservePoolSize());
        assertEquals(Duration.ofSeconds(2), pool.reservePoolTimeout());
        assertEquals(40, pool.maxDbConnections());
        assertEquals(100_000, pool.maxUserConnections());
        assertEquals(20, pool.size());
    }

    @Test
    void reservePoolAndConnectionLimitsOutOfRangeAreReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  reserve_pool_size: -1
                  reserve_pool_timeout: -5s
                  max_db_connections: 100001
                  max_user_connections: many
                databases: { app: {} }
                """);

        assertEquals(4, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "pool.reserve_pool_size", "must be between 0 and 10000, got -1");
        assertProblem(problems.get(1), 4, "pool.reserve_pool_timeout", "must not be negative, got '-5s'");
        assertProblem(problems.get(2), 5, "pool.max_db_connections", "must be between 0 and 100000, got 100001");
        assertProblem(problems.get(3), 6, "pool.max_user_connections", "expected an integer, got 'many'");
    }

    @Test
    void preparedStatementLimitsHavePgBouncerDefaults() throws ConfigException {
        PoolConfig pool = parse("auth: { type: trust }\ndatabases: { app: {} }\n").pool();

        assertEquals(200, pool.maxPreparedStatements());
        assertEquals(10_000, pool.maxClientPreparedStatements());
    }

    @Test
    void preparedStatementLimitsCanBeSet() throws ConfigException {
        PoolConfig pool = parse("""
                auth: { type: trust }
                pool:
                  max_prepared_statements: 0
                  max_client_prepared_statements: 1000000
                databases: { app: {} }
                """).pool();

        assertEquals(0, pool.maxPreparedStatements());
        assertEquals(1_000_000, pool.maxClientPreparedStatements());
        assertEquals(0, pool.maxUserConnections());
    }

    @Test
    void preparedStatementLimitsOutOfRangeAreReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  max_prepared_statements: 100001
                  max_client_prepared_statements: 0
                databases: { app: {} }
                """);

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "pool.max_prepared_statements",
                "must be between 0 and 100000, got 100001");
        assertProblem(problems.get(1), 4, "pool.max_client_prepared_statements",
                "must be between 1 and 1000000, got 0");
    }

    @Test
    void minPoolSizeAboveThePoolSizeIsReportedAtItsLine() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  size: 5
                  min_pool_size: 8
                databases:
                  app: {}
                  reports: { pool_size: 10 }
                  small: { pool_size: 2 }
                """);

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 4, "pool.min_pool_size", "must not exceed pool.size (5), got 8");
        assertProblem(problems.get(1), 4, "pool.min_pool_size",
                "must not exceed databases.small.pool_size (2, line 8), got 8");
    }

    @Test
    void minPoolSizeUpToEveryPoolSizeIsAccepted() throws ConfigException {
        SluiceConfig config = parse("""
                auth: { type: trust }
                pool: { size: 5, min_pool_size: 5 }
                databases: { app: { pool_size: 5 } }
                """);

        assertEquals(5, config.pool().minPoolSize());
    }

    @Test
    void minPoolSizeIsNotComparedWithAPoolSizeAlreadyReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool: { size: 0, min_pool_size: 30 }
                databases: { app: {} }
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, "pool.size", "must be between 1 and 10000, got 0");
    }

    @Test
    void authTypeDefaultsToScram() throws ConfigException {
        SluiceConfig config = parse("databases: { app: }\nusers: { app: { password: secret } }\n");

        assertEquals(AuthType.SCRAM_SHA_256, config.auth().type());
        assertEquals("secret", config.users().get("app").password());
    }

    @Test
    void exampleConfigParses() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse(SettingsDoc.EXAMPLE_YAML, "sluice.yaml",
                Map.of("APP_PASSWORD", "s3cret"));

        assertEquals(6432, config.listen().port());
        assertEquals(PoolMode.SESSION, config.pool().mode());
        assertEquals(Duration.ofSeconds(120), config.pool().queryWaitTimeout());
        assertEquals("app", config.databases().get("app").dbname());
        assertEquals("s3cret", config.users().get("app").password());
    }

    @Test
    void everyValueCanBeSet() throws ConfigException {
        SluiceConfig config = parse("""
                listen: { host: 0.0.0.0, port: 0, client_login_timeout: 5s, max_packet_size: 1MiB }
                pool:
                  mode: transaction
                  size: 5
                  max_client_conn: 100
                  query_wait_timeout: 0
                  server_connect_timeout: 500ms
                  server_idle_timeout: 1m
                  server_lifetime: 1h
                  server_reset_query: ""
                  server_reset_timeout: 2s
                  query_wait_notify: 0
                  min_pool_size: 2
                  server_login_retry: 250ms
                  client_idle_timeout: 10m
                  idle_transaction_timeout: 30s
                  query_timeout: 2h
                  server_check_delay: 10s
                  server_check_query: SELECT 2
                  reserve_pool_size: 4
                  reserve_pool_timeout: 1500ms
                  max_db_connections: 50
                  max_user_connections: 25
                  max_prepared_statements: 0
                  max_client_prepared_statements: 1
                auth: { type: md5 }
                databases:
                  app:
                    host: db.internal
                    port: 5433
                    dbname: app_prod
                    pool_size: 3
                    pool_mode: statement
                    server_user: app_owner
                    server_password: hunter2
                  reports: {}
                users:
                  alice: { password: md5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }
                """);

        assertEquals(new ListenConfig("0.0.0.0", 0, Duration.ofSeconds(5), 1024 * 1024), config.listen());
        assertEquals(new PoolConfig(PoolMode.TRANSACTION, 5, 100, Duration.ZERO, Duration.ofMillis(500),
                Duration.ofMinutes(1), Duration.ofHours(1), "", Duration.ofSeconds(2), Duration.ZERO, 2,
                Duration.ofMillis(250), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(2),
                Duration.ofSeconds(10), "SELECT 2", 4, Duration.ofMillis(1500), 50, 25, 0, 1),
                config.pool());
        DatabaseConfig app = config.databases().get("app");
        assertEquals(new DatabaseConfig("app", "db.internal", 5433, "app_prod", OptionalInt.of(3),
                Optional.of(PoolMode.STATEMENT), Optional.of("app_owner"), Optional.of("hunter2")), app);
        assertEquals(3, app.effectivePoolSize(config.pool()));
        assertEquals(PoolMode.STATEMENT, app.effectivePoolMode(config.pool()));
        DatabaseConfig reports = config.databases().get("reports");
        assertEquals(5, reports.effectivePoolSize(config.pool()));
        assertEquals(PoolMode.TRANSACTION, reports.effectivePoolMode(config.pool()));
        assertEquals(List.of("app", "reports"), List.copyOf(config.databases().keySet()));
    }

    @Test
    void environmentVariablesAreSubstitutedWithDefaults() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse("""
                listen: { port: "${PORT:-7000}", host: "${HOST:-localhost}" }
                databases: { app: { host: "${DB_HOST}" } }
                users: { app: { password: "${APP_PASSWORD}" } }
                """, "sluice.yaml", Map.of("HOST", "10.0.0.1", "DB_HOST", "pg", "APP_PASSWORD", "pw"));

        assertEquals(7000, config.listen().port());
        assertEquals("10.0.0.1", config.listen().host());
        assertEquals("pg", config.databases().get("app").host());
        assertEquals("pw", config.users().get("app").password());
    }

    @Test
    void missingEnvironmentVariableIsAProblemAtItsLine() {
        List<ConfigProblem> problems = problems("""
                databases:
                  app: {}
                users:
                  app:
                    password: ${APP_PASSWORD}
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 5, "users.app.password", "environment variable APP_PASSWORD is not set");
    }

    @Test
    void threeMistakesInOneFileAreAllReported() {
        List<ConfigProblem> problems = problems("""
                listen:
                  port: 70000
                pool:
                  size: 0
                databases:
                  app: { host: pg, pool_sise: 3 }
                users:
                  app: {}
                """);

        assertEquals(4, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, "listen.port", "must be between 0 and 65535, got 70000");
        assertProblem(problems.get(1), 4, "pool.size", "must be between 1 and 10000, got 0");
        assertProblem(problems.get(2), 6, "databases.app", "unknown key 'pool_sise' (did you mean 'pool_size'?)");
        assertProblem(problems.get(3), 8, "users.app", "password is required when auth.type is scram-sha-256");
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "pool:\n  size: 0\n  mode: batch\n", "sluice.yaml", NO_ENV));

        assertEquals("""
                sluice.yaml:1: databases: at least one database is required
                sluice.yaml:2: pool.size: must be between 1 and 10000, got 0
                sluice.yaml:3: pool.mode: unknown pool mode 'batch' (expected one of: session, transaction, statement)\
                """, e.getMessage());
    }

    @Test
    void unknownKeyWithoutCloseMatchListsTheKnownKeys() {
        List<ConfigProblem> problems = problems("databases: { app: {} }\nauth: { type: trust }\nlogging: {}\n");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "",
                "unknown key 'logging' (expected one of: listen, pool, auth, admin, process, client_tls,"
                        + " server_tls, hba, databases, users, metrics)");
    }

    @Test
    void adminUsersAcceptCommaSeparatedNamesOrAList() throws Exception {
        SluiceConfig commas = parse("databases: { app: {} }\nauth: { type: trust }\nadmin: { users: 'ops, root', stats_users: monitor }\n");
        assertEquals(List.of("ops", "root"), commas.admin().users());
        assertEquals(List.of("monitor"), commas.admin().statsUsers());
        assertTrue(commas.admin().mayControl("root"));
        assertFalse(commas.admin().mayControl("monitor"));
        assertTrue(commas.admin().mayConnect("monitor"));
        assertFalse(commas.admin().mayConnect("app"));

        SluiceConfig list = parse("databases: { app: {} }\nauth: { type: trust }\nadmin:\n  users:\n    - ops\n    - root\n");
        assertEquals(List.of("ops", "root"), list.admin().users());
        assertEquals(List.of(), list.admin().statsUsers());
    }

    @Test
    void adminUsersListOfMappingsIsAProblem() {
        List<ConfigProblem> problems = problems("databases: { app: {} }\nauth: { type: trust }\nadmin:\n  users:\n    - { name: ops }\n");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 5, "admin.users[0]", "expected a name, got a mapping");
    }

    @Test
    void processSectionDefaultsAndParses() throws Exception {
        assertEquals(new ProcessConfig(LogFormat.TEXT, true, 0, IoTransport.AUTO, Duration.ofSeconds(30)),
                parse("databases: { app: {} }\nauth: { type: trust }\n").process());
        assertEquals(new ProcessConfig(LogFormat.JSON, false, 0, IoTransport.NIO, Duration.ofSeconds(5)),
                parse("databases: { app: {} }\nauth: { type: trust }\nprocess: { log_format: JSON, shutdown_timeout: 5s,"
                        + " log_connections: off, transport: NIO }\n").process());
        List<ConfigProblem> problems = problems("databases: { app: {} }\nauth: { type: trust }\nprocess: { log_format: xml }\n");
        assertProblem(problems.get(0), 3, "process.log_format",
                "unknown log format 'xml' (expected one of: text, json)");
        problems = problems("databases: { app: {} }\nauth: { type: trust }\nprocess: { transport: kqueue }\n");
        assertProblem(problems.get(0), 3, "process.transport",
                "unknown transport 'kqueue' (expected one of: auto, io_uring, epoll, nio)");
    }

    @Test
    void unknownTopLevelKeyGetsASuggestion() {
        List<ConfigProblem> problems = problems("databases: { app: {} }\nauth: { type: trust }\npools: {}\n");

        assertProblem(problems.get(0), 3, "", "unknown key 'pools' (did you mean 'pool'?)");
    }

    @Test
    void wrongTypeIsReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  size: abc
                databases: { app: {} }
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "pool.size", "expected an integer, got 'abc'");
    }

    @Test
    void mappingWhereAValueBelongsIsReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  size: [1, 2]
                  mode:
                databases: { app: {} }
                """);

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "pool.size", "expected a single value (integer 1..10000), got a list");
        assertProblem(problems.get(1), 4, "pool.mode", "has no value");
    }

    @Test
    void yamlSyntaxErrorHasALine() {
        List<ConfigProblem> problems = problems("""
                pool:
                  size: 20
                   mode: session
                databases: {}
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertEquals(3, problems.get(0).line());
        assertEquals("", problems.get(0).keyPath());
        assertTrue(problems.get(0).message().startsWith("YAML syntax error: "), problems.get(0).message());
    }

    @Test
    void unclosedFlowMappingIsASyntaxError() {
        List<ConfigProblem> problems = problems("databases: { app: {}\nusers: {}\n");

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("YAML syntax error: "), problems.get(0).message());
    }

    @Test
    void nonMappingRootIsReported() {
        List<ConfigProblem> problems = problems("- listen\n- pool\n");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 1, "", "expected a mapping with the sections listen, pool, auth, databases"
                + " and users at the top level, got a list");
    }

    @Test
    void emptyFileNeedsADatabase() {
        List<ConfigProblem> problems = problems("");

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 1, "databases", "at least one database is required");
    }

    @Test
    void databasesMustBeAMappingOfNames() {
        List<ConfigProblem> problems = problems("auth: { type: trust }\ndatabases:\n  - app\n");

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, "databases", "at least one database is required");
        assertProblem(problems.get(1), 3, "databases",
                "expected a mapping of database names to their settings, got a list");
    }

    @Test
    void duplicateKeyIsReported() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                pool:
                  size: 5
                  size: 6
                databases: { app: {} }
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 4, "pool.size", "duplicate key 'size' (first set on line 3)");
    }

    @Test
    void trustNeedsNoPassword() throws ConfigException {
        SluiceConfig config = parse("auth: { type: trust }\ndatabases: { app: {} }\nusers: { bob: }\n");

        assertNull(config.users().get("bob").password());
    }

    @Test
    void passwordKindMustSuitTheAuthType() {
        List<ConfigProblem> problems = problems("""
                databases: { app: {} }
                users:
                  alice: { password: md5aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa }
                  bob: { password: "SCRAM-SHA-256$4096:c2FsdA==$bad:bad" }
                """);

        assertEquals(2, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "users.alice.password",
                "an md5 hash cannot answer scram-sha-256 authentication");
        assertProblem(problems.get(1), 4, "users.bob.password", "malformed SCRAM verifier");
    }

    @Test
    void scramVerifierIsAcceptedWithMd5BecauseTheExchangeUpgrades() {
        String key = "A".repeat(43) + "=";
        SluiceConfig config = assertDoesNotThrow(() -> parse("auth: { type: md5 }\ndatabases: { app: {} }\n"
                + "users: { carol: { password: \"SCRAM-SHA-256$4096:c2FsdA==$" + key + ":" + key + "\" } }\n"));

        assertTrue(config.users().get("carol").password().startsWith("SCRAM-SHA-256$"));
    }

    @Test
    void databaseRulesAreChecked() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                databases:
                  "": {}
                  pgbouncer: {}
                  app: { server_password: pw, pool_size: 0, port: 0 }
                """);

        assertEquals(5, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "databases.\"\"", "database name must not be empty");
        assertProblem(problems.get(1), 4, "databases.pgbouncer",
                "database name 'pgbouncer' is reserved for the admin console");
        assertProblem(problems.get(2), 5, "databases.app.pool_size", "must be between 1 and 10000, got 0");
        assertProblem(problems.get(3), 5, "databases.app.port", "must be between 1 and 65535, got 0");
        assertProblem(problems.get(4), 5, "databases.app.server_password", "needs server_user");
    }

    @Test
    void aHostStartingWithSlashIsTheDirectoryOfPostgresSocket() throws ConfigException {
        SluiceConfig config = parse("""
                auth: { type: trust }
                databases:
                  local: { host: /var/run/postgresql, port: 5433 }
                  slash: { host: /tmp/ }
                  remote: { host: db.example.com }
                """);

        var dbs = config.databases();
        assertEquals("/var/run/postgresql/.s.PGSQL.5433",
                DatabaseConfig.unixSocketPath(dbs.get("local").host(), dbs.get("local").port()));
        assertEquals("/tmp/.s.PGSQL.5432", DatabaseConfig.unixSocketPath(dbs.get("slash").host(), 5432));
        assertNull(DatabaseConfig.unixSocketPath(dbs.get("remote").host(), 5432));
    }

    @Test
    void aSocketPathLongerThanUnixSocketsAllowIsRejected() {
        String dir = "/" + "d".repeat(100);
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                databases:
                  app: { host: %s, port: 5432 }
                """.formatted(dir));

        assertEquals(1, problems.size(), problems.toString());
        assertProblem(problems.get(0), 3, "databases.app.host", "socket path " + dir
                + "/.s.PGSQL.5432 is longer than the 107 bytes Unix-domain sockets allow");
    }

    @Test
    void negativeDurationsAndTinyPacketsAreRejected() {
        List<ConfigProblem> problems = problems("""
                auth: { type: trust }
                listen: { max_packet_size: 512 }
                pool: { server_lifetime: -1s, query_wait_timeout: soon }
                databases: { app: {} }
                """);

        assertEquals(3, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, "listen.max_packet_size", "must be between 1KiB and 1GiB, got 512");
        assertProblem(problems.get(1), 3, "pool.server_lifetime", "must not be negative, got '-1s'");
        assertProblem(problems.get(2), 3, "pool.query_wait_timeout", "expected a duration");
    }

    @Test
    void problemToStringIsFileLinePathMessage() {
        assertEquals("sluice.yaml:12: pool.size: must be between 1 and 10000, got 0",
                new ConfigProblem("sluice.yaml", 12, "pool.size", "must be between 1 and 10000, got 0").toString());
        assertEquals("sluice.yaml:1: YAML syntax error: x",
                new ConfigProblem("sluice.yaml", 1, "", "YAML syntax error: x").toString());
    }

    @Test
    void loadReadsAFileAndNamesItInProblems(@TempDir Path dir) throws IOException, ConfigException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "auth: { type: trust }\ndatabases: { app: { port: 5433 } }\n",
                StandardCharsets.UTF_8);
        assertEquals(5433, ConfigLoader.load(file).databases().get("app").port());

        Files.writeString(file, "databases: {}\n", StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ":1: databases: at least one database is required", e.getMessage());
    }

    @Test
    void recordsCheckTheirInvariants() {
        assertThrows(NullPointerException.class, () -> new AuthConfig(null));
        assertThrows(IllegalArgumentException.class,
                () -> new ListenConfig("h", 65536, Duration.ZERO, 1024));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 0, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, Duration.ZERO, "", 0, Duration.ZERO, 0, 0, 200, 10_000));
        assertEquals("pool.size: 0 (expected: 1..10000)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 1, 1, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, Duration.ZERO, "", 0, Duration.ZERO, 0, 0, 200, 10_000));
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, -1, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, Duration.ZERO, "", 0, Duration.ZERO, 0, 0, 200, 10_000));
        assertEquals("pool.min_pool_size: -1 (expected: 0..10000)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ofMillis(-1), Duration.ZERO, "", 0, Duration.ZERO, 0, 0, 200, 10_000));
        assertEquals("pool.query_timeout: PT-0.001S (expected: >= 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, Duration.ZERO, "", 0, Duration.ZERO, 0, 100_001, 200, 10_000));
        assertEquals("pool.max_user_connections: 100001 (expected: 0..100000)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig(PoolMode.SESSION, 1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, "", Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO,
                        Duration.ZERO, Duration.ZERO, Duration.ofSeconds(-1), "", 0, Duration.ZERO, 0, 0, 200, 10_000));
        assertEquals("pool.server_check_delay: PT-1S (expected: >= 0)", e.getMessage());
    }

    @Test
    void passwordsAreNotShownByToString() throws ConfigException {
        SluiceConfig config = parse("""
                databases: { app: { server_user: u, server_password: topsecret1 } }
                users: { app: { password: topsecret2 } }
                """);

        assertFalse(config.toString().contains("topsecret"), config.toString());
    }

    @Test
    void mapsAreUnmodifiable() throws ConfigException {
        SluiceConfig config = parse("auth: { type: trust }\ndatabases: { app: {} }\n");

        assertThrows(UnsupportedOperationException.class, () -> config.databases().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.users().clear());
    }

    @Test
    void enumsParseTheirConfigNames() {
        assertEquals(AuthType.SCRAM_SHA_256, AuthType.parse("scram-sha-256"));
        assertEquals("scram-sha-256", AuthType.SCRAM_SHA_256.configName());
        assertEquals(PoolMode.TRANSACTION, PoolMode.parse("Transaction"));
        assertEquals("session", PoolMode.SESSION.configName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthType.parse("plain"));
        assertEquals("unknown auth type 'plain' (expected one of: trust, md5, scram-sha-256)", e.getMessage());
    }

    @Test
    void suggestionsUseEditDistanceOfAtMostTwo() {
        assertEquals(Optional.of("pool_size"), Suggestions.closest("pool-size", List.of("pool_mode", "pool_size")));
        assertEquals(Optional.empty(), Suggestions.closest("xyz", List.of("pool_size")));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    private static SluiceConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "sluice.yaml", NO_ENV);
    }

    private static List<ConfigProblem> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    private static void assertProblem(ConfigProblem problem, int line, String keyPath, String messageStart) {
        assertEquals("sluice.yaml", problem.file());
        assertEquals(line, problem.line(), problem.toString());
        assertEquals(keyPath, problem.keyPath(), problem.toString());
        assertTrue(problem.message().startsWith(messageStart), problem.toString());
    }
}
