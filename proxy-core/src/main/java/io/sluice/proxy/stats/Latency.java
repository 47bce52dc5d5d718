package io.sluice.proxy.stats;

/**
 * The three durations a pool measures, each kept as a histogram with the same fixed buckets ({@link #boundsNanos()})
 * by {@link PoolStats}: the wait for a server, each query, each transaction (definitions in {@link PoolStats}).
 */
public enum Latency {
    WAIT,
    QUERY,
    TRANSACTION;

    /** The buckets' upper bounds; see {@link #boundsNanos()}. */
    static final long[] BOUNDS_NANOS = {
        100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L,
        100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L,
        10_000_000_000L, 30_000_000_000L,
    };

    /**
     * Upper bounds of the buckets (a value equal to a bound counts in its bucket), chosen for databases: 100 µs to
     * 30 s. A last bucket, {@code +Inf}, takes what is above. A copy.
     */
    public static long[] boundsNanos() {
        return BOUNDS_NANOS.clone();
    }
}
