package io.sluice.proxy.admin;

import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-database totals, and the rates of the last full stats period (PgBouncer's {@code stats_period}, 60 s by
 * default): what {@code SHOW STATS} and {@code SHOW STATS_AVERAGES} call averages. {@link #tick} runs once a second
 * on the janitor's loop; readers get the last completed period, so a SHOW never blocks or walks history.
 */
public final class StatsPeriod {

    private final PoolRegistry pools;
    private volatile Duration period;
    private long periodStartNanos;
    private Map<String, DatabaseTotals> atPeriodStart = Map.of();
    private volatile Map<String, Rates> lastRates = Map.of();

    public StatsPeriod(PoolRegistry pools, Duration period) {
        this.pools = pools;
        this.period = period;
        this.periodStartNanos = System.nanoTime();
    }

    /** A reload may change the period; it applies from the next tick. */
    public void period(Duration newPeriod) {
        this.period = newPeriod;
    }

    /** Totals per database now, summed over its pools, sorted by name. */
    public Map<String, DatabaseTotals> totals() {
        Map<String, DatabaseTotals> totals = new TreeMap<>();
        for (Pool pool : pools.all()) {
            totals.merge(pool.key().database(), DatabaseTotals.of(pool), DatabaseTotals::plus);
        }
        return totals;
    }

    /** The rates of the last completed period, by database; empty before the first period ends. */
    public Map<String, Rates> rates() {
        return lastRates;
    }

    /** Closes the period when it has run its length. Called once a second from one thread. */
    public synchronized void tick(long nowNanos) {
        long length = nowNanos - periodStartNanos;
        if (length < period.toNanos()) {
            return;
        }
        Map<String, DatabaseTotals> now = totals();
        Map<String, Rates> rates = new HashMap<>();
        double seconds = length / 1e9;
        now.forEach((db, totals) -> rates.put(db,
                Rates.between(atPeriodStart.getOrDefault(db, DatabaseTotals.ZERO), totals, seconds)));
        lastRates = rates;
        atPeriodStart = now;
        periodStartNanos = nowNanos;
    }
}
