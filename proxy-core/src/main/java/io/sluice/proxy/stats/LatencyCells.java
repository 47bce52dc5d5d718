package io.sluice.proxy.stats;

/**
 * One latency histogram laid out in a thread's counter array (see {@link PoolStats}), from index {@code at}:
 *
 * <pre>
 *   [0, 18)   values per bucket, not cumulative (17 bounds, then +Inf)
 *   18        the sum of the values, whole microseconds (a long of them lasts 292,000 years of summed durations;
 *             one of nanoseconds would wrap after 107 days of 1,000 clients always waiting)
 *   19        the nanoseconds of the sum below a microsecond, 0 to 999
 *   [20, 24)  the largest value of each of four windows of 2^35 ns (about 34 s), by window number mod 4
 *   [24, 28)  the number of the window each of those maxima belongs to
 * </pre>
 *
 * <p>Only the array's thread writes it: a bucket search of a few comparisons, plain increments and a compare for
 * the maximum; no atomic instruction, no allocation. A negative duration (two clocks read on different threads)
 * counts as 0. A reader sums every thread's cells; the maximum is that of the windows that are at
 * most three windows old, so a value stays in it between about 103 and 137 seconds (Micrometer's decaying maximum
 * kept two minutes). A value written while a reader sums may be missed by that reader, never by the next.
 */
final class LatencyCells {

    private static final long[] BOUNDS = Latency.BOUNDS_NANOS;
    private static final int BUCKETS = BOUNDS.length + 1;
    private static final int SUM_MICROS = BUCKETS;
    private static final int SUM_NANOS = SUM_MICROS + 1;
    private static final int WINDOWS = 4;
    private static final int MAX = SUM_NANOS + 1;
    private static final int WINDOW = MAX + WINDOWS;
    private static final int WINDOW_SHIFT = 35;

    /** Cells of one histogram. */
    static final int SIZE = WINDOW + WINDOWS;

    private LatencyCells() {
    }

    /** Records {@code nanos} into the histogram at {@code at}; called on the array's own thread only. */
    static void record(long[] cells, int at, long duration, long nowNanos) {
        long nanos = Math.max(0, duration);
        int bucket = 0;
        while (bucket < BOUNDS.length && nanos > BOUNDS[bucket]) {
            bucket++;
        }
        cells[at + bucket]++;
        cells[at + SUM_MICROS] += nanos / 1000;
        long below = cells[at + SUM_NANOS] + nanos % 1000;
        if (below >= 1000) {
            below -= 1000;
            cells[at + SUM_MICROS]++;
        }
        cells[at + SUM_NANOS] = below;
        long window = nowNanos >> WINDOW_SHIFT;
        int slot = (int) (window & (WINDOWS - 1));
        if (cells[at + WINDOW + slot] != window) {
            // The slot held a window four or more back: start it over. (A reader summing at this instant may take
            // the slot's old maximum once: no ordering between the two plain writes is promised to it.)
            cells[at + MAX + slot] = nanos;
            cells[at + WINDOW + slot] = window;
        } else if (nanos > cells[at + MAX + slot]) {
            cells[at + MAX + slot] = nanos;
        }
    }

    /** The histogram at {@code at}, summed over all threads, its maximum as of {@code nowNanos}. */
    static LatencySnapshot snapshot(Iterable<long[]> threads, int at, long nowNanos) {
        long[] counts = new long[BUCKETS];
        long micros = 0;
        long nanos = 0;
        long max = 0;
        long current = nowNanos >> WINDOW_SHIFT;
        for (long[] cells : threads) {
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] += cells[at + i];
            }
            micros += cells[at + SUM_MICROS];
            nanos += cells[at + SUM_NANOS];
            for (int slot = 0; slot < WINDOWS; slot++) {
                long age = current - cells[at + WINDOW + slot];
                if (age >= 0 && age < WINDOWS) {
                    max = Math.max(max, cells[at + MAX + slot]);
                }
            }
        }
        return new LatencySnapshot(counts, micros + nanos / 1000, nanos % 1000, max);
    }
}
