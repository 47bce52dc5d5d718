package io.sluice.proxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.config.ConfigLoader;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.stats.Latency;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pools' latency histograms are exposed exactly as the Micrometer {@code Timer}s that recorded them before were:
 * dashboards and alerts written against those series keep working.
 */
class LatencyCollectorTest {

    private static final String[] FAMILIES = {
        "sluice_pool_wait_seconds", "sluice_query_duration_seconds", "sluice_transaction_duration_seconds",
    };
    private static final long[] VALUES = {
        0, 7, 100_000, 100_001, 2_000_000, 2_500_000, 9_999_999, 61_000_000, 1_000_000_000, 45_000_000_000L,
    };

    @Test
    void seriesMatchAMicrometerTimerWithTheSameBucketsAndValues() throws Exception {
        MetricsFixture fixture = MetricsFixture.of("""
                auth: { type: trust }
                databases: { app: { port: 1 }, reports: { port: 1 } }
                users: { alice: {} }
                """);
        Pool app = fixture.pool("app", "alice");
        fixture.pool("reports", "alice");

        PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        reference.config().pauseDetector(new NoPauseDetector());
        Timer[][] timers = new Timer[2][];
        timers[0] = timers("app", reference);
        timers[1] = timers("reports", reference);
        for (long nanos : VALUES) {
            app.stats().serverAssigned(nanos);
            app.stats().query(nanos * 2, System.nanoTime());
            app.stats().transaction(nanos * 3, System.nanoTime());
            timers[0][0].record(nanos, TimeUnit.NANOSECONDS);
            timers[0][1].record(nanos * 2, TimeUnit.NANOSECONDS);
            timers[0][2].record(nanos * 3, TimeUnit.NANOSECONDS);
        }

        for (String format : List.of(SluiceMetrics.TEXT, SluiceMetrics.OPENMETRICS)) {
            String expected = latencyLines(scrape(reference, format));
            String actual = latencyLines(fixture.scrape(format));
            assertEquals(expected, actual, format);
            assertTrue(actual.contains("sluice_query_duration_seconds_bucket{database=\"app\",user=\"alice\","
                    + "le=\"0.005\"} 6"), actual);
            assertTrue(actual.contains("sluice_transaction_duration_seconds_max{database=\"app\",user=\"alice\"}"
                    + " 135.0"), actual);
            assertTrue(actual.contains("sluice_pool_wait_seconds_count{database=\"reports\",user=\"alice\"} 0"),
                    actual);
        }
    }

    @Test
    void aRemovedPoolLeavesTheHistogramsAtTheNextScrape() throws Exception {
        MetricsFixture fixture = MetricsFixture.of("""
                auth: { type: trust }
                databases: { app: { port: 1 } }
                users: { alice: {} }
                """);
        fixture.pool("app", "alice").stats().serverAssigned(5);
        assertTrue(fixture.scrape(SluiceMetrics.TEXT)
                .contains("sluice_pool_wait_seconds_count{database=\"app\",user=\"alice\"} 1"));

        fixture.pools().reconfigure(ConfigLoader.parse("""
                auth: { type: trust }
                databases: { other: { port: 1 } }
                users: { alice: {} }
                """, "test.yaml", Map.of()));
        String after = fixture.scrape(SluiceMetrics.TEXT);
        assertFalse(after.contains("database=\"app\""), after);
    }

    private static Timer[] timers(String database, PrometheusMeterRegistry registry) {
        Duration[] buckets = Arrays.stream(Latency.boundsNanos()).mapToObj(Duration::ofNanos).toArray(Duration[]::new);
        String[] names = {"sluice.pool.wait", "sluice.query.duration", "sluice.transaction.duration"};
        String[] help = {
            "Time clients waited for a server", "Time from a client request to its ReadyForQuery",
            "Time from a transaction's first message to its ReadyForQuery 'I'",
        };
        Timer[] timers = new Timer[3];
        for (int i = 0; i < 3; i++) {
            timers[i] = Timer.builder(names[i]).tags("database", database, "user", "alice").description(help[i])
                    .serviceLevelObjectives(buckets).minimumExpectedValue(buckets[0])
                    .maximumExpectedValue(buckets[buckets.length - 1]).register(registry);
        }
        return timers;
    }

    private static String scrape(PrometheusMeterRegistry registry, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out, format);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The lines of the latency families, comments included, sorted (families and pools may come in any order). */
    private static String latencyLines(String scrape) {
        return scrape.lines()
                .filter(line -> Arrays.stream(FAMILIES).anyMatch(line::contains))
                .sorted()
                .collect(Collectors.joining("\n"));
    }
}
