package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} over HTTP, after workloads with known effects. */
@ExtendWith(PostgresExtension.class)
class MetricsIT {

    private static final String[] POOL = {"database", "app", "user", ItEnv.APP_USER};

    private static Sluice start(TestPostgres pg, int poolSize) throws Exception {
        ItEnv.prepare(pg);
        return ItEnv.start(ItEnv.config(pg, "transaction", poolSize, ""));
    }

    /** Simple protocol: one Query message, so one ReadyForQuery, per statement. */
    private static Connection connect(Sluice sluice) throws Exception {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, simple);
    }

    private static double pool(Scrape scrape, String name, String... more) {
        String[] labels = new String[POOL.length + more.length];
        System.arraycopy(POOL, 0, labels, 0, POOL.length);
        System.arraycopy(more, 0, labels, POOL.length, more.length);
        return scrape.value(name, labels);
    }

    @Test
    void knownWorkloadMovesTheCountersByExactlyItsSize(TestPostgres pg) throws Exception {
        int transactions = 7;
        int autocommits = 5;
        try (Sluice sluice = start(pg, 2); Connection c = connect(sluice); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Scrape before = Scrape.of(sluice.metricsPort());
            for (int i = 0; i < transactions; i++) {
                s.execute("BEGIN");
                s.execute("SELECT " + i);
                s.execute("COMMIT");
            }
            for (int i = 0; i < autocommits - 1; i++) {
                s.execute("SELECT " + i);
            }
            try (ResultSet rs = s.executeQuery("SELECT repeat('x', 100000)")) {
                assertTrue(rs.next());
            }
            Scrape after = Scrape.of(sluice.metricsPort());

            int all = transactions + autocommits;
            int queries = 3 * transactions + autocommits;
            assertEquals(all, delta(before, after, "sluice_transactions_total"));
            assertEquals(queries, delta(before, after, "sluice_queries_total"));
            assertEquals(all, delta(before, after, "sluice_server_assignments_total"));
            assertEquals(all, delta(before, after, "sluice_transaction_duration_seconds_count"));
            assertEquals(queries, delta(before, after, "sluice_query_duration_seconds_count"));
            assertEquals(all, delta(before, after, "sluice_pool_wait_seconds_count"));
            assertTrue(delta(before, after, "sluice_client_sent_bytes_total") > 100_000);
            double received = delta(before, after, "sluice_client_received_bytes_total");
            assertTrue(received > 5 * queries && received < 100 * queries, "bytes received: " + received);
            assertTrue(delta(before, after, "sluice_transaction_duration_seconds_sum") > 0);
            assertEquals(1, pool(after, "sluice_client_logins_total"));
            assertTrue(pool(after, "sluice_server_connects_total") >= 1);
            assertEquals(0, pool(after, "sluice_server_connect_errors_total"));
            assertEquals(2, pool(after, "sluice_pool_size"));
            // Between transactions the client holds no server.
            assertEquals(1, pool(after, "sluice_pool_clients", "state", "idle"));
            assertEquals(0, pool(after, "sluice_pool_clients", "state", "active"));
            assertEquals(0, pool(after, "sluice_pool_servers", "state", "active"));
            assertTrue(pool(after, "sluice_pool_servers", "state", "idle") >= 1);
            // Every bucket of the query histogram is there, 100 µs to 30 s.
            assertEquals(queries, delta(before, after, "sluice_query_duration_seconds_bucket", "le", "30.0"));
            pool(after, "sluice_query_duration_seconds_bucket", "le", "1.0E-4");
        }
    }

    private static double delta(Scrape before, Scrape after, String name) {
        return pool(after, name) - pool(before, name);
    }

    @Test
    void heldPoolShowsTheWaitingClientThenItsWait(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, 1); Connection holder = connect(sluice); Connection waiter = connect(sluice);
             Statement h = holder.createStatement(); Statement w = waiter.createStatement()) {
            w.execute("SELECT 1");
            Scrape before = Scrape.of(sluice.metricsPort());
            h.execute("BEGIN");
            h.execute("SELECT 1");
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = w.executeQuery("SELECT 42")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Scrape held = awaitWaiting(sluice);
            assertEquals(1, pool(held, "sluice_pool_clients", "state", "waiting"));
            assertEquals(1, pool(held, "sluice_pool_clients", "state", "active"));
            assertEquals(1, pool(held, "sluice_pool_servers", "state", "active"));
            assertEquals(1.0, pool(held, "sluice_pool_utilization_ratio"));
            assertTrue(pool(held, "sluice_pool_max_wait_seconds") > 0);
            assertEquals(1, delta(before, held, "sluice_pool_wait_seconds_count"),
                    "the holder's assignment only: nothing recorded while the other client still waits");

            // The waiter has waited 0.3 s by the pool's own clock: its wait lands past the 0.25 s bucket.
            Await.until(Duration.ofSeconds(10), "a wait of 0.3 s", () -> sluice.pools().all().stream()
                    .anyMatch(p -> p.counts().maxWaitNanos() >= 300_000_000L));
            h.execute("COMMIT");
            assertEquals(42, queued.get(10, TimeUnit.SECONDS));
            Scrape after = Scrape.of(sluice.metricsPort());
            assertEquals(0, pool(after, "sluice_pool_clients", "state", "waiting"));
            assertEquals(0, pool(after, "sluice_pool_max_wait_seconds"));
            assertEquals(1, delta(held, after, "sluice_pool_wait_seconds_count"));
            assertTrue(delta(held, after, "sluice_pool_wait_seconds_sum") >= 0.3, after.text);
            assertEquals(0, delta(held, after, "sluice_pool_wait_seconds_bucket", "le", "0.25"),
                    "the wait of at least 0.3 s is above the 0.25 s bucket");
        }
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return pool(after, name, labels) - pool(before, name, labels);
    }

    private static Scrape awaitWaiting(Sluice sluice) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Scrape scrape = Scrape.of(sluice.metricsPort());
            if (pool(scrape, "sluice_pool_clients", "state", "waiting") == 1 || System.nanoTime() > deadline) {
                return scrape;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void healthAndReadinessAnswerAndDrainingIsNotReady(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, 1)) {
            int port = sluice.metricsPort();
            assertEquals(200, Scrape.get(port, "/healthz", null).statusCode());
            assertEquals(200, Scrape.get(port, "/readyz", null).statusCode());
            assertEquals(404, Scrape.get(port, "/nothing", null).statusCode());
            try (Connection c = connect(sluice); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            assertEquals(1, Scrape.of(port).value("sluice_ready"));

            // SUSPEND stops accepting: a load balancer must stop sending clients until RESUME.
            sluice.accepting(false);
            assertEquals(503, Scrape.get(port, "/readyz", null).statusCode());
            sluice.accepting(true);
            assertEquals(200, Scrape.get(port, "/readyz", null).statusCode());

            try (Connection c = connect(sluice); Statement s = c.createStatement()) {
                // A transaction in flight keeps the drain going while the endpoints are asked.
                c.setAutoCommit(false);
                s.execute("SELECT 1");
                sluice.drain(java.time.Duration.ofSeconds(30));
                assertEquals(503, Scrape.get(port, "/readyz", null).statusCode());
                assertEquals(200, Scrape.get(port, "/healthz", null).statusCode());
                assertEquals(0, Scrape.of(port).value("sluice_ready"));
                c.commit();
            }
        }
    }

    @Test
    void unreachableDatabaseIsNotReadyAndCountsConnectErrors(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 1, ", server_login_retry: 60s")
                .replace("port: " + pg.port() + ",", "port: 1,");
        try (Sluice sluice = ItEnv.start(yaml)) {
            try (Connection c = connect(sluice)) {
                throw new AssertionError("logged in without a database: " + c);
            } catch (java.sql.SQLException expected) {
                // PostgreSQL is not there
            }
            Scrape scrape = Scrape.of(sluice.metricsPort());
            assertEquals(1, pool(scrape, "sluice_server_connect_errors_total", "reason", "refused"));
            assertEquals(503, Scrape.get(sluice.metricsPort(), "/readyz", null).statusCode());
        }
    }

    @Test
    void refusedLoginsCancelsAndTimeoutsAreCountedByReason(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 1, "")
                .replace("query_wait_timeout: 30s", "query_wait_timeout: 1s");
        try (Sluice sluice = ItEnv.start(yaml); Connection holder = connect(sluice);
             Connection other = connect(sluice); Statement h = holder.createStatement();
             Statement o = other.createStatement()) {
            try (Connection c = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "wrong", new Properties())) {
                throw new AssertionError("logged in with a wrong password: " + c);
            } catch (java.sql.SQLException expected) {
                assertEquals("28P01", expected.getSQLState());
            }

            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
                try {
                    h.execute("SELECT pg_sleep(30)");
                } catch (java.sql.SQLException e) {
                    if (!"57014".equals(e.getSQLState())) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            Await.until(Duration.ofSeconds(10), "the holder's query running on the only server",
                    () -> sluice.pools().all().stream().anyMatch(p -> p.counts().serversActive() == 1));
            java.sql.SQLException waited = org.junit.jupiter.api.Assertions.assertThrows(
                    java.sql.SQLException.class, () -> o.execute("SELECT 1"));
            assertEquals("57014", waited.getSQLState(), "query_wait_timeout");
            h.cancel();
            sleeping.get(10, TimeUnit.SECONDS);

            Scrape scrape = Scrape.of(sluice.metricsPort());
            assertEquals(1, scrape.value("sluice_client_login_failures_total", "reason", "auth"));
            assertEquals(0, scrape.value("sluice_client_login_failures_total", "reason", "unknown_database"));
            assertEquals(1, pool(scrape, "sluice_timeouts_total", "setting", "query_wait_timeout"));
            assertEquals(0, pool(scrape, "sluice_timeouts_total", "setting", "query_timeout"));
            assertEquals(1, scrape.value("sluice_cancel_requests_total", "outcome", "forwarded"));
        }
    }

    @Test
    void metricsCanBeSwitchedOff(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, "transaction", 1, "")
                .replace("metrics: { port: 0 }", "metrics: { enabled: false }"));
             Connection c = connect(sluice); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            assertEquals(-1, sluice.metricsPort());
            assertEquals(null, sluice.metrics());
            assertTrue(sluice.isReady(), "readiness does not need the metrics listener");
        }
    }

    @Test
    void openMetricsWhenAskedFor(TestPostgres pg) throws Exception {
        try (Sluice sluice = start(pg, 1); Connection c = connect(sluice); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            HttpResponse<String> response = Scrape.get(sluice.metricsPort(), "/metrics",
                    "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow()
                    .startsWith("application/openmetrics-text"), response.headers().toString());
            assertTrue(response.body().endsWith("# EOF\n"), response.body());
            assertTrue(Scrape.get(sluice.metricsPort(), "/metrics", null).headers().firstValue("Content-Type")
                    .orElseThrow().startsWith("text/plain; version=0.0.4"));
        }
    }

    @Test
    void promtoolAcceptsTheOutput(TestPostgres pg, @TempDir Path tmp) throws Exception {
        Path promtool = findOnPath("promtool");
        Assumptions.assumeTrue(promtool != null,
                "promtool is not installed (Debian: apt-get install prometheus); skipping its check");
        try (Sluice sluice = start(pg, 1); Connection c = connect(sluice); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            Path scraped = tmp.resolve("metrics.txt");
            Files.writeString(scraped, Scrape.of(sluice.metricsPort()).text, StandardCharsets.UTF_8);
            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                    .redirectInput(scraped.toFile()).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
        }
    }

    private static Path findOnPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
