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

/** Every pool, one per database × user, made on the first login that needs it. */
public final class PoolRegistry {

    private final SluiceConfig config;
    private final ServerConnector connector;
    private final EventLoopGroup group;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();

    public PoolRegistry(SluiceConfig config, ServerConnector connector, EventLoopGroup group) {
        this.config = config;
        this.connector = connector;
        this.group = group;
    }

    /** The pool for {@code user} on {@code database}; both must be in the configuration. */
    public Pool pool(DatabaseConfig database, UserConfig user) {
        return pools.computeIfAbsent(new PoolKey(database.name(), user.name()), key -> newPool(key, database, user));
    }

    public Collection<Pool> all() {
        return pools.values();
    }

    /** The janitor's tick for every pool: expired idle servers closed, min_pool_size kept open. */
    public void maintain() {
        long now = System.nanoTime();
        pools.values().forEach(pool -> pool.maintain(now));
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
                pool.serverLifetime(), pool.serverResetQuery(), pool.serverResetTimeout(), pool.serverLoginRetry());
        return new Pool(key, settings, connector, group);
    }
}
