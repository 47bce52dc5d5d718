package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin console: PgBouncer's columns for existing tools, access rules, and the control commands' effects. */
@ExtendWith(PostgresExtension.class)
class AdminConsoleIT {

    private static final String USER = "admin_it_user";
    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        ItEnv.dedicatedRole(pg, USER);
        sluice = ItEnv.start(ItEnv.withUser(ItEnv.config(pg, "transaction", 2, ""), USER) + AdminClient.USERS);
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static Connection app() throws SQLException {
        return ItEnv.connect(sluice, "app", USER, ItEnv.APP_PASSWORD, new java.util.Properties());
    }

    /** The contract file's table: command → column names in order. */
    static Map<String, List<String>> contract() throws IOException {
        Path file = Path.of("..", "docs", "reference", "admin-console-contract.md");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        Pattern row = Pattern.compile(
                "^\\| `(SHOW [A-Z_]+)`(?:, `(SHOW [A-Z_]+)`)? \\| ([a-z_, ]+?)(?: —.*| \\(.*\\))? \\|$");
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                List<String> columns = List.of(m.group(3).split(",\\s*"));
                commands.put(m.group(1), columns);
                if (m.group(2) != null) {
                    commands.put(m.group(2), columns);
                }
            }
        }
        return commands;
    }

    @Test
    void everyShowHasTheContractColumnsInOrderWithExtrasLast() throws Exception {
        Map<String, List<String>> contract = contract();
        assertTrue(contract.size() >= 11, "contract parsed: " + contract.keySet());
        try (AdminClient admin = AdminClient.admin(sluice); Connection c = app(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            for (var entry : contract.entrySet()) {
                String command = entry.getKey();
                if (command.equals("SHOW LISTS")) {
                    List<String> lists = new ArrayList<>();
                    admin.rows(command).forEach(r -> lists.add(r.get("list")));
                    assertEquals(List.of("databases", "users", "peers", "pools", "peer_pools", "free_clients",
                            "used_clients", "login_clients", "free_servers", "used_servers", "dns_names",
                            "dns_zones", "dns_queries", "dns_pending"), lists);
                    continue;
                }
                List<String> columns = columns(admin, command);
                assertEquals(entry.getValue(), columns.subList(0, Math.min(columns.size(), entry.getValue().size())),
                        command);
            }
        }
    }

    @Test
    void showPoolsCountsAreInt4AndStatsFiguresNumeric() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection c = app(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Map<String, Integer> pools = types(admin, "SHOW POOLS");
            for (String column : List.of("cl_active", "cl_waiting", "sv_active", "sv_idle", "sv_used", "sv_login",
                    "maxwait", "maxwait_us")) {
                assertEquals(Types.INTEGER, pools.get(column), column);
            }
            assertEquals(Types.VARCHAR, pools.get("pool_mode"));
            for (String command : List.of("SHOW STATS", "SHOW STATS_TOTALS", "SHOW STATS_AVERAGES")) {
                types(admin, command).forEach((column, type) -> assertEquals(
                        column.equals("database") ? Types.VARCHAR : Types.NUMERIC, type, command + " " + column));
            }
        }
    }

    @Test
    void statsTotalsCountAKnownWorkload() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection c = app(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Map<String, String> before = appRow(admin.rows("SHOW STATS_TOTALS"));
            c.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                s.execute("SELECT 1");
                s.execute("SELECT 2");
                c.commit();
            }
            Map<String, String> after = appRow(admin.rows("SHOW STATS_TOTALS"));
            assertEquals(5, delta(before, after, "xact_count"), after.toString());
            // At least the two selects and the COMMIT of each; pgjdbc may add requests of its own (BEGIN).
            assertTrue(delta(before, after, "query_count") >= 15, after.toString());
            assertTrue(delta(before, after, "bytes_received") > 0 && delta(before, after, "bytes_sent") > 0);
            Map<String, String> stats = appRow(admin.rows("SHOW STATS"));
            assertEquals(stats.get("total_query_count"), stats.get("total_requests"));
        }
    }

    private static Map<String, String> appRow(List<Map<String, String>> rows) {
        return rows.stream().filter(r -> r.get("database").equals("app")).findFirst().orElseThrow();
    }

    private static long delta(Map<String, String> before, Map<String, String> after, String column) {
        return Long.parseLong(after.get(column)) - Long.parseLong(before.get(column));
    }

    @Test
    void showPoolsReflectsAClientHoldingATransaction() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection c = app(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT 1");
            Map<String, String> pool = admin.pool("app", USER);
            assertNotNull(pool, admin.rows("SHOW POOLS").toString());
            assertEquals("1", pool.get("sv_active"));
            assertEquals("transaction", pool.get("pool_mode"));
            List<Map<String, String>> clients = admin.rows("SHOW CLIENTS");
            Map<String, String> me = clients.stream().filter(r -> r.get("user").equals(USER)).findFirst()
                    .orElseThrow();
            assertEquals("active", me.get("state"));
            assertFalse(me.get("link").isEmpty(), "a client in a transaction is linked to its server");
            List<Map<String, String>> servers = admin.rows("SHOW SERVERS");
            assertTrue(servers.stream().anyMatch(r -> r.get("ptr").equals(me.get("link"))
                    && r.get("link").equals(me.get("ptr")) && r.get("state").equals("active")), servers.toString());
            c.commit();
        }
    }

    @Test
    void showConfigMasksSecretsAndShowsDefaults() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice)) {
            Map<String, Map<String, String>> config = new LinkedHashMap<>();
            admin.rows("SHOW CONFIG").forEach(r -> config.put(r.get("key"), r));
            assertEquals("2", config.get("pool.size").get("value"));
            assertEquals("20", config.get("pool.size").get("default"));
            assertEquals("yes", config.get("pool.size").get("changeable"));
            assertEquals("no", config.get("listen.port").get("changeable"));
            assertTrue(admin.rows("SHOW CONFIG").stream().noneMatch(r -> r.get("value").contains("secret")));
            assertTrue(admin.rows("SHOW VERSION").get(0).get("version").startsWith("Sluice "));
        }
    }

    @Test
    void onlyAdminUsersMayConnectAndStatsUsersOnlyLook() throws Exception {
        java.util.Properties simple = new java.util.Properties();
        simple.setProperty("preferQueryMode", "simple");
        SQLException refused = assertThrows(SQLException.class,
                () -> ItEnv.connect(sluice, "sluice", USER, ItEnv.APP_PASSWORD, simple).close());
        assertEquals("28000", refused.getSQLState());
        try (AdminClient stats = AdminClient.connect(sluice, AdminClient.STATS, "pgbouncer")) {
            assertFalse(stats.rows("SHOW POOLS").isEmpty() && stats.rows("SHOW DATABASES").isEmpty());
            SQLException denied = assertThrows(SQLException.class, () -> stats.run("PAUSE"));
            assertEquals("42501", denied.getSQLState());
        }
    }

    @Test
    void driverChatterIsAcceptedAndBadCommandsAreClearErrors() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice)) {
            admin.run("SET extra_float_digits = 3");
            admin.run("set application_name to 'runbook'");
            SQLException unknown = assertThrows(SQLException.class, () -> admin.run("SHOW NONSENSE"));
            assertEquals("42704", unknown.getSQLState());
            SQLException syntax = assertThrows(SQLException.class, () -> admin.run("FROBNICATE"));
            assertEquals("42601", syntax.getSQLState());
            SQLException setting = assertThrows(SQLException.class, () -> admin.run("SET pool.size = zero"));
            assertEquals("22023", setting.getSQLState());
            // still usable after every error
            assertEquals(1, admin.rows("SHOW VERSION").size());
        }
    }

    @Test
    void extendedProtocolGetsAClearErrorNotAHang() throws Exception {
        try (Connection c = ItEnv.connect(sluice, "sluice", AdminClient.ADMIN, AdminClient.PASSWORD,
                new java.util.Properties()); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SHOW POOLS"));
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("simple query protocol"), e.getMessage());
        }
    }

    @Test
    void setChangesASettingAtRunTime() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice)) {
            admin.run("SET query_wait_notify = '7s'");
            Map<String, String> row = admin.rows("SHOW CONFIG").stream()
                    .filter(r -> r.get("key").equals("pool.query_wait_notify")).findFirst().orElseThrow();
            assertEquals("7s", row.get("value"));
            SQLException restart = assertThrows(SQLException.class, () -> admin.run("SET listen.port = 7000"));
            assertEquals("55P02", restart.getSQLState());
            admin.run("SET query_wait_notify = 5s");
        }
    }

    @Test
    void pauseWaitsForTheTransactionThenHoldsNewOnesUntilResume() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection inTx = app(); Connection other = app();
             Statement tx = inTx.createStatement(); Statement s = other.createStatement()) {
            s.execute("SELECT 1");
            inTx.setAutoCommit(false);
            tx.execute("CREATE TEMP TABLE IF NOT EXISTS paused_probe(x int) ON COMMIT DROP");
            CompletableFuture<Void> pause = CompletableFuture.runAsync(() -> sql(admin, "PAUSE app"));
            Await.until(Duration.ofSeconds(10), "app paused", () -> sluice.pools().isPaused("app"));
            assertFalse(pause.isDone(), "PAUSE returns only once the transaction is over");
            tx.execute("INSERT INTO paused_probe VALUES (1)");
            inTx.commit();
            pause.get(10, TimeUnit.SECONDS);

            CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> selectOne(s));
            Await.until(Duration.ofSeconds(10), "a client waiting", () -> sluice.pools().of("app").stream()
                    .mapToInt(p -> p.counts().clientsWaiting()).sum() == 1);
            assertFalse(held.isDone(), "a new transaction waits while paused");
            try (AdminClient look = AdminClient.admin(sluice)) {
                Map<String, String> pool = look.pool("app", USER);
                assertEquals("1", pool.get("cl_waiting"));
                assertEquals("1", pool.get("paused"));
                assertEquals("0", pool.get("sv_active"));
                assertEquals("0", pool.get("sv_idle"), "PAUSE closes servers as they come back");
                assertEquals("1", look.rows("SHOW DATABASES").stream().filter(r -> r.get("name").equals("app"))
                        .findFirst().orElseThrow().get("paused"));
            }
            admin.run("RESUME app");
            assertEquals(1, held.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void killDropsTheDatabasesClientsAndServersUntilResume() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection victim = app();
             Statement s = victim.createStatement()) {
            victim.setAutoCommit(false);
            s.execute("SELECT 1");
            admin.run("KILL app");
            SQLException gone = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
            assertNotNull(gone);
            // The closes complete on the connections' own loops, a moment after KILL answers.
            Await.until(Duration.ofSeconds(10), "the killed connections gone", () -> sluice.pools().of("app")
                    .stream().allMatch(p -> p.counts().clientsActive() == 0 && p.counts().serversActive() == 0));
            Map<String, String> pool = admin.pool("app", USER);
            assertEquals("0", pool.get("cl_active"));
            assertEquals("0", pool.get("sv_active"));
            admin.run("RESUME app");
            try (Connection after = app(); Statement s2 = after.createStatement()) {
                assertEquals(1, selectOne(s2));
            }
        }
    }

    @Test
    void reconnectReplacesServersAfterTheirTransaction() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection c = app(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            int before = pid(s);
            admin.run("RECONNECT app");
            assertEquals(before, pid(s), "the running transaction keeps its server");
            c.commit();
            CompletableFuture<Void> waitClose = CompletableFuture.runAsync(() -> sql(admin, "WAIT_CLOSE app"));
            waitClose.get(10, TimeUnit.SECONDS);
            c.setAutoCommit(true);
            assertTrue(pid(s) != before, "a new server after RECONNECT");
        }
    }

    @Test
    void killClientClosesThatClientOnly() throws Exception {
        java.util.Properties named = new java.util.Properties();
        named.setProperty("ApplicationName", "victim");
        try (AdminClient admin = AdminClient.admin(sluice);
             Connection victim = ItEnv.connect(sluice, "app", USER, ItEnv.APP_PASSWORD, named);
             Connection bystander = app();
             Statement v = victim.createStatement(); Statement b = bystander.createStatement()) {
            b.execute("SELECT 1");
            String id = admin.rows("SHOW CLIENTS").stream().filter(r -> r.get("application_name").equals("victim"))
                    .findFirst().orElseThrow().get("id");
            admin.run("KILL_CLIENT " + id);
            assertThrows(SQLException.class, () -> v.execute("SELECT 1"));
            assertEquals(1, selectOne(b));
            SQLException unknown = assertThrows(SQLException.class, () -> admin.run("KILL_CLIENT 999999999"));
            assertEquals("42704", unknown.getSQLState());
        }
    }

    @Test
    void disableRefusesNewLoginsAndEnableAllowsThem() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice); Connection connected = app();
             Statement s = connected.createStatement()) {
            admin.run("DISABLE app");
            SQLException refused = assertThrows(SQLException.class, () -> app().close());
            assertEquals("57P03", refused.getSQLState());
            assertEquals(1, selectOne(s), "connected clients stay");
            admin.run("ENABLE app");
            try (Connection again = app()) {
                assertTrue(again.isValid(5));
            }
        }
    }

    private static Map<String, Integer> types(AdminClient admin, String command) throws SQLException {
        Map<String, Integer> types = new LinkedHashMap<>();
        try (Statement s = admin.connection().createStatement(); ResultSet rs = s.executeQuery(command)) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                types.put(meta.getColumnName(i), meta.getColumnType(i));
            }
        }
        return types;
    }

    private static List<String> columns(AdminClient admin, String command) throws SQLException {
        return new ArrayList<>(types(admin, command).keySet());
    }

    private static int pid(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int selectOne(Statement s) {
        try (ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(AdminClient admin, String command) {
        try {
            admin.run(command);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
