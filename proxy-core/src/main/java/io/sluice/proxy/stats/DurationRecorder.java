package io.sluice.proxy.stats;

/** Where a pool's durations also go (a histogram of the metrics registry); must not allocate or block. */
@FunctionalInterface
public interface DurationRecorder {

    /** Records nothing: the default, and what pools use when metrics are off. */
    DurationRecorder NONE = nanos -> { };

    void record(long nanos);
}
