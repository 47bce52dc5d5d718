package io.sluice.proxy.metrics;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.sluice.config.MetricsConfig;
import io.sluice.proxy.client.ClientServices;
import io.sluice.proxy.net.ListenerBindException;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.server.ServerState;
import io.sluice.proxy.stats.PoolStats;
import java.lang.System.Logger.Level;

/**
 * Readiness, draining and the metrics listener, as the composition root wires them: {@code /readyz} is 200 while
 * the client listener accepts, no drain has started, and a database is reachable.
 */
public final class Observability implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Observability.class.getName());

    private final PoolRegistry pools;
    private final ClientServices services;
    private volatile boolean draining;
    private volatile Channel listener;
    private volatile SluiceMetrics metrics;
    private volatile MetricsServer server;

    public Observability(PoolRegistry pools, ClientServices services) {
        this.pools = pools;
        this.services = services;
    }

    /**
     * Builds the meters and, when {@code metrics.enabled}, binds the HTTP listener.
     *
     * @param clientListener the bound client listener, whose being open is part of readiness
     * @throws ListenerBindException when {@code metrics.host:metrics.port} cannot be bound
     */
    public void start(MetricsConfig config, EventLoopGroup group, Class<? extends ServerChannel> channelType,
            Channel clientListener) throws ListenerBindException {
        this.listener = clientListener;
        if (!config.enabled()) {
            return;
        }
        metrics = new SluiceMetrics(pools, services.stats(), services.statements(), services.clients(),
                this::isReady, services.version());
        server = MetricsServer.start(config, group, channelType, metrics, this::isReady);
        LOG.log(Level.INFO, "metrics on http://{0}:{1,number,#}/metrics", config.host(), server.port());
    }

    /** From now on {@code /readyz} answers 503. */
    public void startDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    public boolean isReady() {
        Channel l = listener;
        // Auto-read off: SUSPEND (or SHUTDOWN) stopped accepting, an accept just failed, or start() has not finished.
        return !draining && l != null && l.isActive() && l.config().isAutoRead() && databaseReachable();
    }

    /**
     * Whether PostgreSQL is believed reachable: some pool has a logged-in server or did not fail its last connect.
     * Before any pool exists nothing says otherwise, and a readiness probe never opens sessions of its own.
     */
    private boolean databaseReachable() {
        boolean any = false;
        for (Pool pool : pools.all()) {
            any = true;
            PoolStats stats = pool.stats();
            if (stats.servers(ServerState.IDLE) + stats.servers(ServerState.ACTIVE) > 0
                    || !pool.occupancy().failing()) {
                return true;
            }
        }
        return !any;
    }

    /** The metrics listener's port, or -1 when metrics are disabled. */
    public int metricsPort() {
        MetricsServer s = server;
        return s == null ? -1 : s.port();
    }

    /** The meters, or null when metrics are disabled. */
    public SluiceMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        MetricsServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
