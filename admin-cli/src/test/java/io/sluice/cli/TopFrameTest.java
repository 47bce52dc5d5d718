package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From console rows to a {@code sluice top} frame: columns by name, rates from two samples, the busiest clients. */
class TopFrameTest {

    private static final Instant AT = Instant.parse("2026-11-22T22:42:14Z");
    private static final List<String> POOL_COLUMNS = List.of("database", "user", "cl_active", "cl_waiting",
            "sv_active", "sv_idle", "sv_used", "sv_login", "maxwait", "maxwait_us", "pool_mode", "pool_size", "paused");

    private static ResultTable pools(List<String> columns, List<List<String>> rows) {
        Boolean[] numeric = new Boolean[columns.size()];
        Arrays.fill(numeric, true);
        return new ResultTable(columns, Arrays.asList(numeric), rows);
    }

    private static TopSample sample(long nanos, Map<String, TopSample.Totals> totals) {
        List<TopSample.Pool> pools = TopSample.pools(pools(POOL_COLUMNS, List.of(
                List.of("app", "app", "3", "0", "2", "1", "0", "0", "0", "0", "transaction", "20", "0"),
                List.of("busy", "app", "1", "2", "1", "0", "0", "0", "2", "250000", "transaction", "1", "1"))));
        return new TopSample(nanos, AT, pools, List.of(), totals);
    }

    @Test
    void poolsAreReadByColumnNameWithWaitsInMicroseconds() {
        TopSample.Pool busy = sample(0, null).pools().get(1);

        assertEquals(new TopSample.Pool("busy", "app", "transaction", 1, 2, 1, 0, 0, 0, 1, 2_250_000, true), busy);
    }

    @Test
    void aConsoleWithoutSluiceColumnsStillGivesPools() {
        // PgBouncer's SHOW POOLS has no pool_size or paused, and may order or extend columns differently.
        List<TopSample.Pool> pools = TopSample.pools(pools(List.of("user", "database", "sv_active", "cl_waiting",
                "pool_mode", "load_balance_hosts"), List.of(List.of("u", "d", "4", "1", "session", ""))));

        assertEquals(new TopSample.Pool("d", "u", "session", 0, 1, 4, 0, 0, 0, 0, 0, false), pools.get(0));
    }

    @Test
    void ratesAreTheGrowthOfTheTotalsPerSecondOfSampling() {
        TopSample before = sample(1_000_000_000L, Map.of("app", new TopSample.Totals(100, 300),
                "busy", new TopSample.Totals(10, 10)));
        TopSample after = sample(3_000_000_000L, Map.of("app", new TopSample.Totals(300, 1300),
                "busy", new TopSample.Totals(11, 12)));

        TopFrame frame = TopFrame.of("t", ZoneOffset.UTC, Duration.ofSeconds(2), before, after, 10);

        assertEquals(100.0, frame.pools().get(0).transactionsPerSecond());
        assertEquals(500.0, frame.pools().get(0).queriesPerSecond());
        assertEquals(0.5, frame.pools().get(1).transactionsPerSecond());
        assertEquals(1.0, frame.pools().get(1).queriesPerSecond());
        assertEquals(100.5, frame.total(true));
        assertEquals(3, frame.clientsWaiting() + 1);
        assertTrue(frame.statsAvailable());
    }

    @Test
    void noRateOnTheFirstSampleWithoutStatsOrAfterACounterReset() {
        TopSample first = sample(1_000_000_000L, Map.of("app", new TopSample.Totals(100, 300)));
        assertNull(TopFrame.of("t", ZoneOffset.UTC, Duration.ofSeconds(1), null, first, 10).pools().get(0)
                .transactionsPerSecond());

        TopFrame noStats = TopFrame.of("t", ZoneOffset.UTC, Duration.ofSeconds(1), sample(0, null),
                sample(1_000_000_000L, null), 10);
        assertNull(noStats.pools().get(0).transactionsPerSecond());
        assertFalse(noStats.statsAvailable());
        assertNull(noStats.total(true));

        // Sluice restarted between the samples: its counters began again.
        TopSample restarted = sample(2_000_000_000L, Map.of("app", new TopSample.Totals(5, 7)));
        assertNull(TopFrame.of("t", ZoneOffset.UTC, Duration.ofSeconds(1), first, restarted, 10).pools().get(0)
                .transactionsPerSecond());
    }

    @Test
    void busiestAreWaitingClientsLongestFirstThenRunningOnesLongestSinceTheirRequest() {
        List<TopSample.Client> clients = List.of(
                client(1, "active", false, 0, Duration.ofHours(1)),      // idle between transactions: not shown
                client(2, "active", true, 0, Duration.ofSeconds(3)),
                client(3, "waiting", false, 200, Duration.ofSeconds(1)),
                client(4, "active", true, 0, Duration.ofSeconds(30)),
                client(5, "waiting", false, 900_000, Duration.ofSeconds(1)));
        TopSample sample = new TopSample(0, AT, List.of(), clients, null);

        List<TopFrame.ClientLine> busiest = TopFrame.busiest(sample, 10);

        assertEquals(List.of(5L, 3L, 4L, 2L), busiest.stream().map(l -> l.client().id()).toList());
        assertEquals(Duration.ofSeconds(30), busiest.get(2).requestAge());
        assertEquals(List.of(5L, 3L), TopFrame.busiest(sample, 2).stream().map(l -> l.client().id()).toList());
    }

    @Test
    void clientsAreReadByColumnNameWithTheirRequestTime() {
        ResultTable table = new ResultTable(
                List.of("type", "user", "database", "state", "addr", "port", "request_time", "wait", "wait_us",
                        "link", "application_name", "id"),
                List.of(false, false, false, false, false, true, false, true, true, false, false, true),
                List.of(Arrays.asList("C", "app", "busy", "waiting", "10.1.2.3", "51000",
                        "2026-11-22 22:42:12.500+00:00", "1", "500", "", "worker", "42")));

        TopSample.Client client = TopSample.clients(table).get(0);

        assertEquals(new TopSample.Client(42, "app", "busy", "waiting", "10.1.2.3", 51000, 1_000_500,
                Instant.parse("2026-11-22T22:42:12.500Z"), false, "worker"), client);
    }

    @Test
    void timestampsInPostgresqlTextFormsAreRead() {
        assertEquals(Instant.parse("2026-11-22T22:42:12Z"), TopSample.timestamp("2026-11-22 22:42:12+00"));
        assertEquals(Instant.parse("2026-11-22T21:42:12.123456Z"),
                TopSample.timestamp("2026-11-22 22:42:12.123456+01"));
        assertEquals(Instant.parse("2026-11-22T22:42:12.5Z"), TopSample.timestamp("2026-11-22 22:42:12.5+00:00"));
        assertNull(TopSample.timestamp(""));
        assertNull(TopSample.timestamp(null));
        assertNull(TopSample.timestamp("yesterday"));
    }

    private static TopSample.Client client(long id, String state, boolean linked, long waitMicros, Duration age) {
        return new TopSample.Client(id, "app", "app", state, "127.0.0.1", 50000, waitMicros, AT.minus(age), linked,
                "");
    }
}
