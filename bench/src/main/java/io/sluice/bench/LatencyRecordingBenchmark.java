package io.sluice.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.proxy.stats.Latency;
import io.sluice.proxy.stats.PoolStats;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one transaction costs in latency statistics: a wait, a query and a transaction recorded, as an event loop
 * records them, into {@link PoolStats} (counters of the recording thread) and, for comparison, into three Micrometer
 * {@code Timer}s with the same buckets (what Sluice used before: shared atomic adders, a bucket array and a decaying
 * maximum). The {@code Shared} benchmarks run on two threads recording into one pool, as two event loops do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LatencyRecordingBenchmark {

    private final PoolStats stats = new PoolStats();
    private final Timer wait;
    private final Timer query;
    private final Timer transaction;

    /** Each thread's own spread of durations, 50 µs to 4 ms, as a select-only benchmark sees. */
    @State(Scope.Thread)
    public static class Durations {
        private long tick;

        long next() {
            return 50_000L + (tick++ & 127) * 31_000L;
        }
    }

    public LatencyRecordingBenchmark() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().pauseDetector(new NoPauseDetector());
        Duration[] buckets = Arrays.stream(Latency.boundsNanos()).mapToObj(Duration::ofNanos).toArray(Duration[]::new);
        wait = timer("wait", buckets, registry);
        query = timer("query", buckets, registry);
        transaction = timer("transaction", buckets, registry);
    }

    private static Timer timer(String name, Duration[] buckets, PrometheusMeterRegistry registry) {
        return Timer.builder(name).serviceLevelObjectives(buckets).minimumExpectedValue(buckets[0])
                .maximumExpectedValue(buckets[buckets.length - 1]).register(registry);
    }

    @Benchmark
    public void poolStats(Durations durations) {
        long nanos = durations.next();
        long now = System.nanoTime();
        stats.serverAssigned(nanos / 10);
        stats.query(nanos, now);
        stats.transaction(nanos, now);
    }

    @Benchmark
    public void micrometerTimers(Durations durations) {
        long nanos = durations.next();
        wait.record(nanos / 10, TimeUnit.NANOSECONDS);
        query.record(nanos, TimeUnit.NANOSECONDS);
        transaction.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    @Threads(2)
    public void poolStatsShared(Durations durations) {
        poolStats(durations);
    }

    @Benchmark
    @Threads(2)
    public void micrometerTimersShared(Durations durations) {
        micrometerTimers(durations);
    }
}
