package io.sluice.proxy.pool;

import io.netty.channel.EventLoopGroup;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.server.ServerTarget;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** Every pool, one per database × user, made on the first login that needs it. */
public final class PoolRegistry {

    private final SluiceConfig config;
    private final ServerConnector connector;
    private final EventLoopGroup group;
    private final ConnectionLimits limits;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();
    private volatile Consumer<Pool> onNewPool = pool -> { };

    public PoolRegistry(SluiceConfig config, ServerConnector connector, EventLoopGroup group) {
        this.config = config;
        this.connector = connector;
        this.group = group;
        this.limits = new ConnectionLimits(config.pool().maxDbConnections(), config.pool().maxUserConnections());
    }

    /** The pool for {@code user} on {@code database}; both must be in the configuration. */
    public Pool pool(DatabaseConfig database, UserConfig user) {
        return pools.computeIfAbsent(new PoolKey(database.name(), user.name()), key -> {
            Pool pool = newPool(key, database, user);
            onNewPool.accept(pool);
            return pool;
        });
    }

    /** {@code listener} hears of every pool made from now on, before the pool serves its first client. */
    public void onNewPool(Consumer<Pool> listener) {
        this.onNewPool = listener;
    }

    public Collection<Pool> all() {
        return pools.values();
    }

    /** The janitor's tick for every pool: expired idle servers closed, min_pool_size kept open. */
    public void maintain() {
        long now = System.nanoTime();
        for (Pool pool : pools.values()) {
            if (pool.maintain(now)) {
                // Held back by max_db_connections or max_user_connections: an idle server of a pool sharing the
                // cap makes room (PgBouncer does the same).
                evictIdleFor(pool);
            }
        }
    }

    private void evictIdleFor(Pool starved) {
        PoolKey wanted = starved.key();
        for (Pool other : pools.values()) {
            PoolKey key = other.key();
            boolean sharesCap = !key.equals(wanted)
                    && (key.database().equals(wanted.database()) || key.user().equals(wanted.user()));
            if (sharesCap && other.closeOneIdle(() -> starved.maintain(System.nanoTime()))) {
                return;
            }
        }
    }

    public void close() {
        pools.values().forEach(Pool::close);
    }

    private Pool newPool(PoolKey key, DatabaseConfig database, UserConfig user) {
        var pool = config.pool();
        ServerTarget target = new ServerTarget(database.host(), database.port(), database.dbname(),
                database.serverUser().orElse(user.name()),
                database.serverPassword().orElse(user.password()),
                pool.serverConnectTimeout(), config.listen().maxPacketSize());
        int size = database.effectivePoolSize(pool);
        PoolSettings settings = new PoolSettings(target, database.effectivePoolMode(pool), size,
                Math.min(pool.minPoolSize(), size), pool.queryWaitTimeout(), pool.serverIdleTimeout(),
                pool.serverLifetime(), pool.serverResetQuery(), pool.serverResetTimeout(), pool.serverLoginRetry(),
                pool.serverCheckDelay(), pool.serverCheckQuery(), pool.reservePoolSize(), pool.reservePoolTimeout());
        return new Pool(key, settings, connector, group, limits);
    }
}
