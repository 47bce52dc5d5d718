package io.sluice.proxy.stats;

/**
 * One latency histogram of a pool, summed over the threads that recorded into it, as Prometheus exposes one.
 *
 * @param bucketCounts values in each bucket (not cumulative): above the previous bound and at most the bucket's own
 *     of {@link Latency#boundsNanos()}; the last element counts those above the last bound
 * @param sumMicros the sum of all values, whole microseconds
 * @param sumNanos the rest of the sum below a microsecond, 0 to 999 ns
 * @param maxNanos the largest value recorded in about the last two minutes (0 if none)
 */
public record LatencySnapshot(long[] bucketCounts, long sumMicros, long sumNanos, long maxNanos) {

    /** How many values were recorded. */
    public long count() {
        long count = 0;
        for (long n : bucketCounts) {
            count += n;
        }
        return count;
    }

    /**
     * The sum in seconds: from its nanosecond count while that fits in a long (so it reads as one division, as a
     * timer's sum would), else from the microseconds.
     */
    public double sumSeconds() {
        return sumMicros < (Long.MAX_VALUE - sumNanos) / 1000 ? (sumMicros * 1000 + sumNanos) / 1e9 : sumMicros / 1e6;
    }
}
