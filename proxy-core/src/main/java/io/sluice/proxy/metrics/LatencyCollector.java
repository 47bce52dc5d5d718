package io.sluice.proxy.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.stats.Latency;
import io.sluice.proxy.stats.LatencySnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pools' latency histograms, read from each pool's {@link io.sluice.proxy.stats.PoolStats} when scraped, in the
 * series a Micrometer {@code Timer} with these buckets exposed before: {@code NAME_bucket{le=...}}, {@code _count},
 * {@code _sum} in seconds, and a gauge {@code NAME_max}, labelled {@code database} and {@code user}. The pools record
 * into counters of their own thread (no atomic instruction per transaction), which a Micrometer timer cannot.
 */
final class LatencyCollector implements MultiCollector {

    private static final double[] BOUNDS_SECONDS;

    static {
        long[] nanos = Latency.boundsNanos();
        BOUNDS_SECONDS = new double[nanos.length + 1];
        for (int i = 0; i < nanos.length; i++) {
            BOUNDS_SECONDS[i] = nanos[i] / 1e9;
        }
        BOUNDS_SECONDS[nanos.length] = Double.POSITIVE_INFINITY;
    }

    private final Supplier<Collection<Pool>> pools;

    LatencyCollector(Supplier<Collection<Pool>> pools) {
        this.pools = pools;
    }

    private static String name(Latency which) {
        return switch (which) {
            case WAIT -> "sluice_pool_wait_seconds";
            case QUERY -> "sluice_query_duration_seconds";
            case TRANSACTION -> "sluice_transaction_duration_seconds";
        };
    }

    private static String help(Latency which) {
        return switch (which) {
            case WAIT -> "Time clients waited for a server";
            case QUERY -> "Time from a client request to its ReadyForQuery";
            case TRANSACTION -> "Time from a transaction's first message to its ReadyForQuery 'I'";
        };
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> families = new ArrayList<>();
        Collection<Pool> current = pools.get();
        for (Latency which : Latency.values()) {
            List<HistogramDataPointSnapshot> histograms = new ArrayList<>();
            List<GaugeDataPointSnapshot> maxima = new ArrayList<>();
            for (Pool pool : current) {
                Labels labels = Labels.of("database", pool.key().database(), "user", pool.key().user());
                LatencySnapshot latency = pool.stats().latency(which);
                histograms.add(new HistogramDataPointSnapshot(
                        ClassicHistogramBuckets.of(BOUNDS_SECONDS, latency.bucketCounts()), latency.sumSeconds(),
                        labels, Exemplars.EMPTY, 0));
                maxima.add(new GaugeDataPointSnapshot(latency.maxNanos() / 1e9, labels, null));
            }
            families.add(new HistogramSnapshot(new MetricMetadata(name(which), help(which)), histograms));
            families.add(new GaugeSnapshot(new MetricMetadata(name(which) + "_max", help(which)), maxima));
        }
        return new MetricSnapshots(families);
    }
}
