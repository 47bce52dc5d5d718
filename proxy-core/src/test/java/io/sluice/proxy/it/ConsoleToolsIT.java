package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console through the tools operators already use: psql, and Debian's prometheus-pgbouncer-exporter
 * (installed with apt-get where possible), both unchanged.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleToolsIT {

    private static final String USER = "console_tools_user";
    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        ItEnv.dedicatedRole(pg, USER);
        sluice = ItEnv.start(ItEnv.withUser(ItEnv.config(pg, "transaction", 3, ""), USER) + AdminClient.USERS);
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static Map<String, String> env() {
        return Map.of("PGPASSWORD", AdminClient.PASSWORD, "PGCONNECT_TIMEOUT", "10");
    }

    @Test
    void psqlShowsPoolsAndRunsControlCommands() throws Exception {
        String psql = ExternalTool.require("psql", "postgresql-client");
        try (Connection c = ItEnv.connect(sluice, "app", USER, ItEnv.APP_PASSWORD, new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            String dsn = "host=127.0.0.1 port=" + sluice.port() + " dbname=pgbouncer user=" + AdminClient.ADMIN;
            ExternalTool.Result pools = ExternalTool.run(List.of(psql, "-X", "-A", "-F", "|", "-v",
                    "ON_ERROR_STOP=1", "-c", "SHOW POOLS", dsn), env(), 60);
            assertEquals(0, pools.exit(), pools.output());
            assertTrue(pools.output().startsWith("database|user|cl_active|cl_waiting|"), pools.output());
            assertTrue(pools.output().contains("app|" + USER + "|"), pools.output());

            ExternalTool.Result control = ExternalTool.run(List.of(psql, "-X", "-v", "ON_ERROR_STOP=1",
                    "-c", "PAUSE app", "-c", "RESUME app", "-c", "SHOW HELP", dsn), env(), 60);
            assertEquals(0, control.exit(), control.output());
            assertTrue(control.output().contains("PAUSE") && control.output().contains("RESUME"), control.output());
            assertTrue(control.output().contains("SHOW HELP|CONFIG"), control.output());
            s.execute("SELECT 1");
        }
    }

    @Test
    void prometheusPgbouncerExporterScrapesSluice() throws Exception {
        String exporter = ExternalTool.installed("prometheus-pgbouncer-exporter", "prometheus-pgbouncer-exporter");
        try (Connection c = ItEnv.connect(sluice, "app", USER, ItEnv.APP_PASSWORD, new java.util.Properties());
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(exporter, "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--pgbouncer-host", "127.0.0.1", "--pgbouncer-port", String.valueOf(sluice.port()),
                    "--pgbouncer-user", AdminClient.ADMIN).redirectErrorStream(true);
            pb.environment().putAll(env());
            Process process = pb.start();
            try {
                String body = scrape(port, process);
                assertTrue(body.contains("pgbouncer_waiting_clients{database=\"app\",user=\"" + USER + "\"}"),
                        body);
                assertTrue(body.contains("pgbouncer_pool_size{database=\"sluice_it\"}")
                        || body.contains("pgbouncer_pool_size{database=\"app\"}"), body);
                assertTrue(body.contains("pgbouncer_pools "), body);
                assertFalse(body.contains("Traceback"), body);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** GET /metrics, retried while the exporter starts; fails with the exporter's own output. */
    private static String scrape(int port, Process exporter) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        Exception last = null;
        for (int attempt = 0; attempt < 60 && exporter.isAlive(); attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            } catch (java.io.IOException e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        String output = exporter.isAlive() ? "(still running)" : new String(exporter.getInputStream().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        throw new AssertionError("the exporter served no metrics: " + last + "\n" + output, last);
    }
}
