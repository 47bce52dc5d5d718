package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM drains {@code sluice run}: no new connections, idle clients told, running transactions finish and commit,
 * then the process exits; nothing committed is lost. Logs are JSON lines when configured so.
 */
@ExtendWith(PostgresExtension.class)
class DrainIT {

    private static final String USER = "drain_it_user";
    private static final String PASSWORD = "drain-secret";
    private static final Path JAR = Path.of("target", "sluice.jar");

    @TempDir
    Path tmp;

    @Test
    void sigtermLetsRunningTransactionsCommitThenExits(TestPostgres pg) throws Exception {
        pg.createRole(USER, PASSWORD);
        pg.execute("CREATE TABLE drain_it (n int)", "GRANT ALL ON drain_it TO " + USER,
                "GRANT CONNECT ON DATABASE " + pg.defaultDatabase() + " TO " + USER);
        Path config = tmp.resolve("sluice.yaml");
        Files.writeString(config, """
                listen: { host: 127.0.0.1, port: 0 }
                pool: { mode: transaction, size: 4 }
                process: { log_format: json, shutdown_timeout: 30s }
                metrics: { port: 0 }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                """.formatted(pg.host(), pg.port(), pg.defaultDatabase(), USER, PASSWORD), StandardCharsets.UTF_8);
        Path stderr = tmp.resolve("stderr.txt");
        Process sluice = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "run", "--config", config.toString()))
                .redirectError(stderr.toFile()).start();
        try {
            int port = port(sluice);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/app";
            try (Connection inTx = connect(url); Connection idle = connect(url);
                 Statement tx = inTx.createStatement(); Statement other = idle.createStatement()) {
                other.execute("SELECT 1");
                inTx.setAutoCommit(false);
                tx.execute("INSERT INTO drain_it VALUES (1)");

                sluice.destroy(); // SIGTERM
                // The drain has begun once the listener refuses connections.
                Await.until(Duration.ofSeconds(30), "new connections refused while draining", () -> {
                    try (Connection refused = connect(url)) {
                        return false;
                    } catch (SQLException e) {
                        return true;
                    }
                });
                assertTrue(sluice.isAlive(), "Sluice waits for the open transaction");
                // The idle client is told as soon as it is idle. A query that reached Sluice before the drain's
                // notice did (the listener closes first, then every client's loop hears it) still runs: the client
                // is closed once it is answered. So the first SELECT may succeed; a later one must fail.
                SQLException[] told = new SQLException[1];
                Await.until(Duration.ofSeconds(10), "the idle client told and closed", () -> {
                    try {
                        other.execute("SELECT 1");
                        return false;
                    } catch (SQLException e) {
                        told[0] = e;
                        return true;
                    }
                });
                assertTrue(told[0].getMessage().contains("shutting down") || told[0].getSQLState().startsWith("08"),
                        told[0].getMessage());

                tx.execute("INSERT INTO drain_it VALUES (2)");
                inTx.commit();
            }
            assertTrue(sluice.waitFor(30, TimeUnit.SECONDS), "Sluice exits once the transaction is over");
            assertEquals(0, sluice.exitValue());
        } finally {
            sluice.destroyForcibly();
        }
        try (Connection direct = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM drain_it")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "both rows of the drained transaction are committed");
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertTrue(log.contains("\"event\":\"client login\""), log);
        assertTrue(log.contains("\"event\":\"client disconnect\""), log);
        assertTrue(!log.contains(PASSWORD), "no password in the log");
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    /** Reads {@code … listening on 127.0.0.1:PORT …} from the first line of stdout. */
    private static int port(Process sluice) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(sluice.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("listening on [^ ]+:(\\d+)").matcher(String.valueOf(line));
        assertTrue(m.find(), "first line: " + line);
        return Integer.parseInt(m.group(1));
    }
}
