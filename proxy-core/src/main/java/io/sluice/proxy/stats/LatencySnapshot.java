package io.sluice.proxy.stats;

/**
 * One latency histogram of a pool, summed over the threads that recorded into it, as Prometheus exposes one.
 *
 * @param bucketCounts values in each bucket (not cumulative): above the previous bound and at most the bucket's own
 *     of {@link Latency#boundsNanos()}; the last element counts those above the last bound
 * @param sumSeconds the sum of all values
 * @param maxNanos the largest value recorded in about the last two minutes (0 if none)
 */
public record LatencySnapshot(long[] bucketCounts, double sumSeconds, long maxNanos) {

    /** How many values were recorded. */
    public long count() {
        long count = 0;
        for (long n : bucketCounts) {
            count += n;
        }
        return count;
    }
}
