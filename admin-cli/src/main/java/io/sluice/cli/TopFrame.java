package io.sluice.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One screen of {@code sluice top}, computed from two samples: the pools with their throughput (from the growth of
 * SHOW STATS_TOTALS between the samples) and the busiest clients. Pure: {@link TopView} draws it.
 *
 * @param target who is connected where, for the header
 * @param at when the sample was taken
 * @param zone the zone the header shows the time in
 * @param interval how often the view refreshes, for the header
 * @param pools one line per pool, in the console's order
 * @param busiest the clients waiting longest, then those whose request runs longest
 * @param statsAvailable whether the console has SHOW STATS_TOTALS (throughput is blank otherwise)
 * @param problem a line to show under the header (a lost connection), or {@code null}
 */
record TopFrame(String target, Instant at, ZoneId zone, Duration interval, List<PoolLine> pools,
        List<ClientLine> busiest, boolean statsAvailable, String problem) {

    TopFrame {
        pools = List.copyOf(pools);
        busiest = List.copyOf(busiest);
    }

    /**
     * A pool and its database's throughput.
     *
     * @param transactionsPerSecond the database's transactions per second, or {@code null} when unknown (first
     *     sample, no SHOW STATS_TOTALS, counters reset)
     * @param queriesPerSecond likewise for queries
     */
    record PoolLine(TopSample.Pool pool, Double transactionsPerSecond, Double queriesPerSecond) {
    }

    /**
     * A client worth watching.
     *
     * @param requestAge how long since its last request, or {@code null} when unknown
     */
    record ClientLine(TopSample.Client client, Duration requestAge) {
    }

    /**
     * The frame for {@code current}, with rates against {@code previous}.
     *
     * @param previous the sample before, or {@code null} for the first
     * @param maxClients how many busiest clients to keep
     */
    static TopFrame of(String target, ZoneId zone, Duration interval, TopSample previous, TopSample current,
            int maxClients) {
        double seconds = previous == null ? 0 : (current.nanos() - previous.nanos()) / 1e9;
        List<PoolLine> pools = new ArrayList<>(current.pools().size());
        for (TopSample.Pool pool : current.pools()) {
            Double tps = null;
            Double qps = null;
            if (seconds > 0 && previous.totals() != null && current.totals() != null) {
                TopSample.Totals before = previous.totals().get(pool.database());
                TopSample.Totals now = current.totals().get(pool.database());
                if (before != null && now != null) {
                    tps = rate(before.transactions(), now.transactions(), seconds);
                    qps = rate(before.queries(), now.queries(), seconds);
                }
            }
            pools.add(new PoolLine(pool, tps, qps));
        }
        return new TopFrame(target, current.at(), zone, interval, pools, busiest(current, maxClients),
                current.totals() != null, null);
    }

    /** This frame with a problem line (the pools and clients of the last good sample stay on screen). */
    TopFrame withProblem(String line) {
        return new TopFrame(target, at, zone, interval, pools, busiest, statsAvailable, line);
    }

    /** Waiting clients, longest wait first; then clients with a server, longest since their request first. */
    static List<ClientLine> busiest(TopSample sample, int max) {
        List<ClientLine> waiting = new ArrayList<>();
        List<ClientLine> running = new ArrayList<>();
        for (TopSample.Client c : sample.clients()) {
            Duration age = c.requestTime() == null ? null : Duration.between(c.requestTime(), sample.at());
            if (age != null && age.isNegative()) {
                age = Duration.ZERO; // the console's clock runs a little ahead of ours
            }
            ClientLine line = new ClientLine(c, age);
            if (c.state().equals("waiting")) {
                waiting.add(line);
            } else if (c.linked()) {
                running.add(line);
            }
        }
        waiting.sort(Comparator.comparingLong((ClientLine l) -> l.client().waitMicros()).reversed()
                .thenComparingLong(l -> l.client().id()));
        running.sort(Comparator.comparing((ClientLine l) -> l.requestAge() == null ? Duration.ZERO : l.requestAge())
                .reversed().thenComparingLong(l -> l.client().id()));
        List<ClientLine> busiest = new ArrayList<>(waiting);
        busiest.addAll(running);
        return busiest.subList(0, Math.min(max, busiest.size()));
    }

    /** Clients waiting in every pool together. */
    int clientsWaiting() {
        return pools.stream().mapToInt(p -> p.pool().clientsWaiting()).sum();
    }

    /** Throughput of every database together, each counted once; {@code null} when any is unknown. */
    Double total(boolean transactions) {
        Map<String, Double> perDatabase = new LinkedHashMap<>();
        for (PoolLine line : pools) {
            Double rate = transactions ? line.transactionsPerSecond() : line.queriesPerSecond();
            if (rate == null) {
                return null;
            }
            perDatabase.put(line.pool().database(), rate);
        }
        return perDatabase.isEmpty() ? null : perDatabase.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static Double rate(long before, long now, double seconds) {
        return now < before ? null : (now - before) / seconds; // a restart resets the counters
    }
}
