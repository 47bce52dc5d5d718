package io.sluice.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolOccupancy;
import io.sluice.proxy.server.ServerState;
import io.sluice.proxy.stats.ConnectFailure;
import io.sluice.proxy.stats.PoolStats;
import io.sluice.proxy.stats.Timeout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one pool, labelled {@code database} and {@code user}. Gauges and counters read the pool's live state
 * and its {@link PoolStats} when scraped. (The pool's latency histograms are {@link LatencyCollector}'s.)
 */
final class PoolMeters {

    private final Pool pool;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    PoolMeters(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        Tags tags = Tags.of("database", pool.key().database(), "user", pool.key().user());
        PoolStats stats = pool.stats();

        clients(tags, "active", p -> stats.servers(ServerState.ACTIVE));
        clients(tags, "waiting", p -> p.occupancy().waiting());
        clients(tags, "idle", p -> Math.max(0, stats.clients() - stats.servers(ServerState.ACTIVE)
                - p.occupancy().waiting()));
        servers(tags, "active", p -> stats.servers(ServerState.ACTIVE));
        servers(tags, "idle", p -> {
            PoolOccupancy o = p.occupancy();
            return o.idle() - o.idleUnchecked();
        });
        servers(tags, "used", p -> p.occupancy().idleUnchecked());
        servers(tags, "tested", p -> stats.servers(ServerState.RESETTING));
        servers(tags, "login", p -> Math.max(0, p.occupancy().slots() - stats.servers(ServerState.IDLE)
                - stats.servers(ServerState.ACTIVE) - stats.servers(ServerState.RESETTING)));
        gauge("sluice.pool.size", tags, "Servers the pool may open (pool_size)", null, p -> p.settings().size());
        gauge("sluice.pool.utilization", tags, "Active servers divided by the pool size", "ratio",
                p -> (double) stats.servers(ServerState.ACTIVE) / Math.max(1, p.settings().size()));
        gauge("sluice.pool.max.wait", tags, "How long the longest-waiting client of the pool has waited", "seconds",
                p -> p.occupancy().maxWaitNanos() / 1e9);

        counter("sluice.server.assignments", tags, "Servers handed to clients", null,
                s -> s.snapshot().serverAssignments());
        counter("sluice.transactions", tags, "Transactions finished (ReadyForQuery 'I' with nothing in flight)",
                null, s -> s.snapshot().transactions());
        counter("sluice.queries", tags, "Client requests answered by a ReadyForQuery", null,
                s -> s.snapshot().queries());
        counter("sluice.client.received", tags, "Bytes of client messages relayed to PostgreSQL", "bytes",
                s -> s.snapshot().bytesReceived());
        counter("sluice.client.sent", tags, "Bytes of PostgreSQL replies relayed to clients", "bytes",
                s -> s.snapshot().bytesSent());
        counter("sluice.server.connects", tags, "Connections to PostgreSQL opened and logged in", null,
                s -> s.snapshot().serverConnects());
        counter("sluice.client.logins", tags, "Clients logged into this pool", null, s -> s.snapshot().logins());
        for (ConnectFailure why : ConnectFailure.values()) {
            counter("sluice.server.connect.errors", tags.and("reason", why.reason()),
                    "Connections to PostgreSQL that failed, by reason", null, s -> s.connectFailures(why));
        }
        for (Timeout which : Timeout.values()) {
            if (which != Timeout.CLIENT_LOGIN) {
                counter("sluice.timeouts", tags.and("setting", which.setting()),
                        "Clients or servers cut off by a timeout, by the setting that governs it", null,
                        s -> s.timeouts(which));
            }
        }
    }

    Pool pool() {
        return pool;
    }

    /** Unregisters every meter of the pool (the pool is gone). */
    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void clients(Tags tags, String state, ToDoubleFunction<Pool> value) {
        gauge("sluice.pool.clients", tags.and("state", state),
                "Clients of the pool: active (holding a server), waiting (for one), idle (logged in, no server)",
                null, value);
    }

    private void servers(Tags tags, String state, ToDoubleFunction<Pool> value) {
        gauge("sluice.pool.servers", tags.and("state", state), "PostgreSQL connections of the pool: active,"
                + " idle, used (idle, checked before reuse), tested (being reset), login (being opened)", null, value);
    }

    private void gauge(String name, Tags tags, String help, String unit, ToDoubleFunction<Pool> value) {
        meters.add(Gauge.builder(name, pool, value).tags(tags).description(help).baseUnit(unit)
                .strongReference(true).register(registry));
    }

    private void counter(String name, Tags tags, String help, String unit, ToDoubleFunction<PoolStats> value) {
        meters.add(FunctionCounter.builder(name, pool.stats(), value).tags(tags).description(help).baseUnit(unit)
                .register(registry));
    }
}
