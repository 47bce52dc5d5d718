package io.sluice.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.ProxyStats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Sluice's meters in one Prometheus registry of its own (never Micrometer's global one): per pool saturation,
 * throughput, latency histograms and errors ({@link PoolMeters}), plus what belongs to no pool (connected clients,
 * refused logins, cancel requests, prepared statements, readiness). Built by the composition root.
 */
public final class SluiceMetrics {

    /** The Prometheus text format, version 0.0.4. */
    public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0. */
    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final PoolRegistry pools;
    private final Map<Pool, PoolMeters> poolMeters = new ConcurrentHashMap<>();

    /**
     * @param clients connected clients, logging in or logged in
     * @param ready what {@code /readyz} answers
     */
    public SluiceMetrics(PoolRegistry pools, ProxyStats stats, StatementRegistry statements, AtomicInteger clients,
            BooleanSupplier ready, String version) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Allocation-free recording: no pause detection (it keeps interval estimates per timer).
        registry.config().pauseDetector(new NoPauseDetector());
        this.pools = pools;

        Gauge.builder("sluice.info", () -> 1).description("Sluice's version, as a label").tag("version", version)
                .register(registry);
        Gauge.builder("sluice.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while /readyz answers 200: accepting clients and a database reachable")
                .register(registry);
        Gauge.builder("sluice.client.connections", clients, AtomicInteger::get)
                .description("Client connections open now, logging in or logged in (checked against"
                        + " pool.max_client_conn)").register(registry);
        for (ProxyStats.LoginFailure why : ProxyStats.LoginFailure.values()) {
            FunctionCounter.builder("sluice.client.login.failures", stats, s -> s.loginFailures(why))
                    .description("Client logins refused, by reason").tag("reason", why.reason()).register(registry);
        }
        for (ProxyStats.CancelOutcome outcome : ProxyStats.CancelOutcome.values()) {
            FunctionCounter.builder("sluice.cancel.requests", stats, s -> s.cancels(outcome))
                    .description("Cancel requests received, by outcome").tag("outcome", outcome.outcome())
                    .register(registry);
        }
        statementCounter(statements, "sluice.prepared.parses", "side", "client", 0,
                "Parse messages of named statements: from clients, and sent to servers");
        statementCounter(statements, "sluice.prepared.parses", "side", "server", 1,
                "Parse messages of named statements: from clients, and sent to servers");
        statementCounter(statements, "sluice.prepared.binds", null, null, 2,
                "Binds of tracked prepared statements");
        statementCounter(statements, "sluice.prepared.evictions", null, null, 3,
                "Prepared statements closed on a server to stay within pool.max_prepared_statements");
        Gauge.builder("sluice.prepared.statements", statements, StatementRegistry::size)
                .description("Distinct prepared statements Sluice knows").register(registry);

        // From the registry's pools, one per database and user: a pool a reload replaced is gone from there at once.
        registry.getPrometheusRegistry().register(new LatencyCollector(pools::all));
        pools.onNewPool(this::bind);
        pools.all().forEach(this::bind);
    }

    private void statementCounter(StatementRegistry statements, String name, String tag, String value, int index,
            String help) {
        FunctionCounter.Builder<StatementRegistry> builder = FunctionCounter.builder(name, statements,
                s -> s.counters()[index]).description(help);
        if (tag != null) {
            builder.tag(tag, value);
        }
        builder.register(registry);
    }

    /** Registers a new pool's meters; runs before the pool serves its first client. */
    private void bind(Pool pool) {
        poolMeters.computeIfAbsent(pool, p -> new PoolMeters(p, registry));
    }

    /** The content type to answer an {@code Accept} header with: OpenMetrics when asked for, else text 0.0.4. */
    public static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    }

    /** Writes every metric in {@code contentType} ({@link #TEXT} or {@link #OPENMETRICS}). */
    public void scrape(OutputStream out, String contentType) throws IOException {
        forgetRemovedPools();
        registry.scrape(out, contentType);
    }

    /** Pools a reload removed leave the registry at the next scrape. */
    private void forgetRemovedPools() {
        Set<Pool> live = new HashSet<>(pools.all());
        poolMeters.values().removeIf(meters -> {
            if (live.contains(meters.pool())) {
                return false;
            }
            meters.remove();
            return true;
        });
    }

    /** The registry, for tests and for binders of the composition root. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
