package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code sluice admin} and {@code sluice top} against a Sluice started in this JVM in front of a real PostgreSQL,
 * run through picocli with their output captured and {@code PGPASSWORD} given through an injected environment.
 */
@ExtendWith(PostgresExtension.class)
class AdminCliIT {

    private static final String APP_USER = "cli_app";
    private static final String APP_PASSWORD = "app-secret";
    private static final String APP_DB = "sluice_cli_it";
    private static final String ADMIN = "cli_admin";
    private static final String STATS = "cli_stats";
    private static final String ADMIN_PASSWORD = "admin-secret";

    private static TestPostgres pg;
    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        pg = postgres;
        pg.createRole(APP_USER, APP_PASSWORD);
        pg.createDatabase(APP_DB, APP_USER);
        sluice = Sluice.start(config(3));
    }

    @AfterAll
    static void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    /** Two databases on the same PostgreSQL database: {@code app} (pool.size) and {@code busy} (one server). */
    private static SluiceConfig config(int poolSize) throws Exception {
        String yaml = """
                listen: { host: 127.0.0.1, port: 0 }
                metrics: { port: 0 }
                pool: { mode: transaction, size: %d, query_wait_timeout: 30s }
                auth: { type: scram-sha-256 }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                  busy: { host: %s, port: %d, dbname: %s, pool_size: 1 }
                users:
                  %s: { password: "%s" }
                  %s: { password: "%s" }
                  %s: { password: "%s" }
                admin: { users: [%s], stats_users: [%s] }
                """.formatted(poolSize, pg.host(), pg.port(), APP_DB, pg.host(), pg.port(), APP_DB, APP_USER,
                APP_PASSWORD, ADMIN, ADMIN_PASSWORD, STATS, ADMIN_PASSWORD, ADMIN, STATS);
        return ConfigLoader.parse(yaml, "cli-it.yaml", Map.of());
    }

    private static Connection app(Sluice target, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", APP_USER);
        props.setProperty("password", APP_PASSWORD);
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + target.port() + "/" + database, props);
    }

    @Test
    void showPoolsPrintsAnAlignedTableWithTheHeldServer() throws Exception {
        try (Connection c = app(sluice, "app"); Statement s = c.createStatement()) {
            // A transaction holds one of app's servers while the table is printed.
            c.setAutoCommit(false);
            s.execute("SELECT 1");

            Result result = admin(sluice, ADMIN, "show", "pools");

            assertEquals(0, result.exitCode, result.toString());
            List<String> lines = result.outLines();
            String header = lines.get(0);
            assertTrue(header.startsWith("database | user"), header);
            assertTrue(lines.get(1).matches("[-+]+"), lines.get(1));
            assertTrue(lines.get(lines.size() - 1).matches("\\(\\d+ rows?\\)"), result.out);
            // Every row's column separators sit where the header's do: the table is aligned.
            for (String line : lines.subList(2, lines.size() - 1)) {
                assertEquals(separators(header), separators(line), line);
            }
            Map<String, String> pool = tableRow(lines, "app", APP_USER);
            assertEquals("1", pool.get("sv_active"), pool.toString());
            assertEquals("1", pool.get("cl_active"), pool.toString());
            assertEquals("3", pool.get("pool_size"), pool.toString());
            assertEquals("transaction", pool.get("pool_mode"));
            // Numbers are right-aligned under their header, text left-aligned.
            String row = lines.stream().filter(l -> l.startsWith("app ")).findFirst().orElseThrow();
            int end = header.indexOf("sv_active") + "sv_active".length();
            assertEquals('1', row.charAt(end - 1), row);
            c.rollback();
        }
    }

    @Test
    void jsonShowDatabasesIsAnArrayOfObjectsWithNumbersUnquoted() {
        Result before = admin(sluice, ADMIN, "--json", "show", "databases");
        // Options of `admin` may also follow the subcommand.
        Result after = admin(sluice, ADMIN, "show", "databases", "--json");

        assertEquals(0, before.exitCode, before.toString());
        assertEquals(before.out, after.out);
        String json = before.out.trim();
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
        Map<String, String> app = jsonObject(json, "app");
        assertEquals("\"" + pg.host() + "\"", app.get("host"));
        assertEquals(String.valueOf(pg.port()), app.get("port"));
        assertEquals("3", app.get("pool_size"));
        assertEquals("\"transaction\"", app.get("pool_mode"));
        assertEquals("1", jsonObject(json, "busy").get("pool_size"));
    }

    @Test
    void pauseHoldsTheDatabaseAndResumeReleasesIt() throws Exception {
        // The client logs in and runs once before the pause: logging in may need a server too.
        try (Connection c = app(sluice, "app")) {
            assertEquals(1, selectOne(c));

            Result pause = admin(sluice, ADMIN, "pause", "app");
            try {
                assertEquals(0, pause.exitCode, pause.toString());
                assertEquals("PAUSE\n", pause.out);
                assertEquals("1", jsonObject(admin(sluice, ADMIN, "--json", "show", "databases").out, "app")
                        .get("paused"));
                // A transaction started now waits for RESUME.
                CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> selectOne(c));
                awaitWaiting("app");
                assertTrue(!query.isDone(), "a query ran through a paused database");

                Result resume = admin(sluice, ADMIN, "resume", "app");

                assertEquals(0, resume.exitCode, resume.toString());
                assertEquals("RESUME\n", resume.out);
                assertEquals(1, query.get(30, TimeUnit.SECONDS));
                assertEquals("0", jsonObject(admin(sluice, ADMIN, "--json", "show", "databases").out, "app")
                        .get("paused"));
            } finally {
                admin(sluice, ADMIN, "resume");
            }
        }
    }

    @Test
    void controlCommandInJsonIsAnObjectWithItsNotices() {
        Result result = admin(sluice, ADMIN, "--json", "reconnect", "app");

        assertEquals(0, result.exitCode, result.toString());
        assertEquals("{\"command\": \"RECONNECT\", \"notices\": []}\n", result.out);
    }

    @Test
    void unknownShowExitsOneWithTheServersMessageAndSqlState() {
        Result result = admin(sluice, ADMIN, "show", "nonsense");

        assertEquals(1, result.exitCode, result.toString());
        assertEquals("", result.out);
        assertTrue(result.err.contains("SHOW NONSENSE is not supported"), result.err);
        assertTrue(result.err.contains("(SQLSTATE 42704)"), result.err);
    }

    @Test
    void freeCommandIsSentAsWrittenAndItsErrorsReported() {
        Result unknown = admin(sluice, ADMIN, "frobnicate", "now");
        assertEquals(1, unknown.exitCode, unknown.toString());
        assertTrue(unknown.err.contains("unknown command 'frobnicate'"), unknown.err);
        assertTrue(unknown.err.contains("(SQLSTATE 42601)"), unknown.err);

        Result noDb = admin(sluice, ADMIN, "pause", "no_such_db");
        assertEquals(1, noDb.exitCode, noDb.toString());
        assertTrue(noDb.err.contains("no such database: no_such_db"), noDb.err);

        Result help = admin(sluice, ADMIN, "SHOW HELP");
        assertEquals(0, help.exitCode, help.toString());
        assertTrue(help.err.contains("SHOW HELP|CONFIG"), "SHOW HELP's notice on stderr: " + help.err);
    }

    @Test
    void statsUserMayShowButNotControl() {
        Result show = admin(sluice, STATS, "show", "version");
        assertEquals(0, show.exitCode, show.toString());
        assertTrue(show.out.startsWith("version\n"), show.out);

        Result pause = admin(sluice, STATS, "pause");
        assertEquals(1, pause.exitCode, pause.toString());
        assertTrue(pause.err.contains("(SQLSTATE 42501)"), pause.err);
    }

    @Test
    void loginFailuresAndNoServerExitThree() throws Exception {
        Result wrong = run(env(ADMIN, "not-the-password"), "admin", "--port", String.valueOf(sluice.port()),
                "show", "pools");
        assertEquals(3, wrong.exitCode, wrong.toString());
        assertTrue(wrong.err.contains("(SQLSTATE 28P01)"), wrong.err);

        Map<String, String> noPassword = new HashMap<>();
        noPassword.put("PGUSER", ADMIN);
        Result none = run(noPassword, "admin", "--port", String.valueOf(sluice.port()), "show", "pools");
        assertEquals(3, none.exitCode, none.toString());
        assertTrue(none.err.contains("PGPASSWORD"), none.err);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result refused = run(env(ADMIN, ADMIN_PASSWORD), "admin", "--port", String.valueOf(closedPort), "show",
                "pools");
        assertEquals(3, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("cannot connect to " + ADMIN + "@127.0.0.1:" + closedPort), refused.err);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, admin(sluice, ADMIN).exitCode);
        assertEquals(2, admin(sluice, ADMIN, "show").exitCode);
        assertEquals(2, admin(sluice, ADMIN, "kill-client", "abc").exitCode);
        assertEquals(2, admin(sluice, ADMIN, "shutdown", "--wait-for-servers", "--wait-for-clients").exitCode);
    }

    @Test
    void topOncePrintsOneFrameWithTheSaturatedPoolAndItsWaitingClient() throws Exception {
        try (Connection holder = app(sluice, "busy"); Statement s = holder.createStatement();
             Connection waiter = app(sluice, "busy")) {
            // 1. The holder takes busy's only server and keeps it in a transaction.
            holder.setAutoCommit(false);
            s.execute("SELECT 1");
            // 2. The waiter asks for a server and queues behind it.
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> selectOne(waiter));
            awaitWaiting("busy");

            // 3. One frame, as a script or a pipe gets it.
            Map<String, String> env = env(ADMIN, ADMIN_PASSWORD);
            Result top = run(env, "top", "--port", String.valueOf(sluice.port()), "--once", "--width", "130",
                    "--interval", "200ms");

            assertEquals(0, top.exitCode, top.toString());
            List<String> lines = top.outLines();
            assertTrue(lines.get(0).startsWith("sluice top  " + ADMIN + "@127.0.0.1:" + sluice.port() + "/sluice"),
                    lines.get(0));
            lines.forEach(l -> assertTrue(l.length() <= 130, "longer than --width: " + l));
            assertTrue(lines.stream().noneMatch(l -> l.contains("\u001b")), "no escape codes outside a terminal");
            String busy = lines.stream().filter(l -> l.startsWith("busy ")).findFirst()
                    .orElseThrow(() -> new AssertionError(top.out));
            // A full bar (the one server active), a waiting mark, 100% used.
            assertTrue(Pattern.compile("\\[#+\\]\\+").matcher(busy).find(), busy);
            assertTrue(busy.contains(" 100% "), busy);
            int clientsHeading = lines.indexOf(lines.stream().filter(l -> l.startsWith("busiest clients"))
                    .findFirst().orElseThrow());
            String first = lines.get(clientsHeading + 2);
            assertTrue(first.matches("\\s*\\d+ busy\\s+" + APP_USER + "\\s+waiting\\s.*"), first);

            // 4. The holder commits; the waiter runs.
            holder.commit();
            assertEquals(1, queued.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void reloadPrintsItsChangesAndShutdownStopsSluice() throws Exception {
        AtomicReference<SluiceConfig> file = new AtomicReference<>(config(3));
        Sluice own = Sluice.start(file.get(), file::get);
        try {
            file.set(config(5));
            Result reload = admin(own, ADMIN, "reload");
            assertEquals(0, reload.exitCode, reload.toString());
            assertEquals("RELOAD\n", reload.out);
            assertTrue(reload.err.contains("pool.size"), "the change, on stderr: " + reload.err);

            Result shutdown = admin(own, ADMIN, "shutdown");
            assertEquals(0, shutdown.exitCode, shutdown.toString());
            own.awaitClosed();
            assertEquals(3, admin(own, ADMIN, "show", "pools").exitCode);
        } finally {
            own.close();
        }
    }

    // --- helpers

    private static int selectOne(Connection c) {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaiting(String database) throws InterruptedException {
        Pattern waiting = Pattern.compile("\"database\": \"" + database + "\"[^}]*\"cl_waiting\": 1\\b");
        Await.until(Duration.ofSeconds(30), "a client waiting in " + database,
                () -> waiting.matcher(admin(sluice, ADMIN, "--json", "show", "pools").out).find());
    }

    private static Map<String, String> env(String user, String password) {
        Map<String, String> env = new HashMap<>();
        env.put("PGUSER", user);
        env.put("PGPASSWORD", password);
        return env;
    }

    private static Result admin(Sluice target, String user, String... args) {
        List<String> all = new ArrayList<>(List.of("admin", "--port", String.valueOf(target.port())));
        all.addAll(Arrays.asList(args));
        return run(env(user, ADMIN_PASSWORD), all.toArray(String[]::new));
    }

    private static Result run(Map<String, String> env, String... args) {
        CommandLine commandLine = SluiceCli.commandLine(new ByteArrayInputStream(new byte[0]), null, env,
                Terminal.none());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    private static List<Integer> separators(String line) {
        List<Integer> at = new ArrayList<>();
        for (int i = line.indexOf(" | "); i >= 0; i = line.indexOf(" | ", i + 1)) {
            at.add(i);
        }
        return at;
    }

    /** The row of a text table whose first two cells are {@code database} and {@code user}, by column name. */
    private static Map<String, String> tableRow(List<String> lines, String database, String user) {
        String[] names = lines.get(0).split("\\|");
        for (String line : lines.subList(2, lines.size() - 1)) {
            String[] cells = line.split("\\|", -1);
            if (cells[0].trim().equals(database) && cells[1].trim().equals(user)) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    row.put(names[i].trim(), cells[i].trim());
                }
                return row;
            }
        }
        throw new AssertionError("no row " + database + "/" + user + " in:\n" + String.join("\n", lines));
    }

    /** The JSON object (one per line, as {@code --json} prints) whose {@code name} is {@code name}: raw values. */
    private static Map<String, String> jsonObject(String json, String name) {
        for (String line : json.split("\n")) {
            if (line.contains("\"name\": \"" + name + "\"")) {
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher m = Pattern.compile("\"([a-z_]+)\": (\"(?:[^\"\\\\]|\\\\.)*\"|[^,}]+)").matcher(line);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2));
                }
                return fields;
            }
        }
        throw new AssertionError("no object named " + name + " in:\n" + json);
    }

    private record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            assertNotNull(out);
            return List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }
}
