package io.sluice.proxy.pool;

import io.netty.channel.EventLoopGroup;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import io.sluice.proxy.server.PassThroughSecret;
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
    private final Consumer<String> passThroughRejected;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();

    public PoolRegistry(SluiceConfig config, ServerConnector connector, EventLoopGroup group) {
        this(config, connector, group, user -> { });
    }

    /**
     * @param passThroughRejected told the user name when PostgreSQL refuses a secret passed through for a user looked
     *     up with {@code auth.query} (its password changed): the cached lookup must go
     */
    public PoolRegistry(SluiceConfig config, ServerConnector connector, EventLoopGroup group,
            Consumer<String> passThroughRejected) {
        this.config = config;
        this.connector = connector;
        this.group = group;
        this.passThroughRejected = passThroughRejected;
        this.limits = new ConnectionLimits(config.pool().maxDbConnections(), config.pool().maxUserConnections());
    }

    /**
     * The pool for {@code user} on {@code database}. The database is in the configuration; the user is too, or was
     * looked up with {@code auth.query} (then it has no password, and the pool passes through what its clients
     * proved, unless the database logs in as its {@code server_user}).
     */
    public Pool pool(DatabaseConfig database, UserConfig user) {
        return pools.computeIfAbsent(new PoolKey(database.name(), user.name()), key -> newPool(key, database, user));
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
        String password = database.serverPassword().orElse(user.password());
        PassThroughSecret passThrough = config.auth().queryEnabled() && database.serverUser().isEmpty()
                && password == null ? new PassThroughSecret(() -> passThroughRejected.accept(user.name())) : null;
        ServerTarget target = new ServerTarget(database.host(), database.port(), database.dbname(),
                database.serverUser().orElse(user.name()), password, pool.serverConnectTimeout(),
                config.listen().maxPacketSize(), passThrough);
        int size = database.effectivePoolSize(pool);
        PoolSettings settings = new PoolSettings(target, database.effectivePoolMode(pool), size,
                Math.min(pool.minPoolSize(), size), pool.queryWaitTimeout(), pool.serverIdleTimeout(),
                pool.serverLifetime(), pool.serverResetQuery(), pool.serverResetTimeout(), pool.serverLoginRetry(),
                pool.serverCheckDelay(), pool.serverCheckQuery(), pool.reservePoolSize(), pool.reservePoolTimeout());
        return new Pool(key, settings, connector, group, limits);
    }
}
