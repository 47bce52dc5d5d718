package io.sluice.proxy.pool;

import io.netty.channel.EventLoopGroup;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.server.PassThroughSecret;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.server.ServerTarget;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Every pool, one per database × user, made on the first login that needs it; and what the admin console sets per
 * database (paused, disabled) so pools made later follow it.
 */
public final class PoolRegistry {

    private static final System.Logger LOG = System.getLogger(PoolRegistry.class.getName());

    private volatile SluiceConfig config;
    private final ServerConnector connector;
    private final EventLoopGroup group;
    private final ConnectionLimits limits;
    private final Consumer<String> passThroughRejected;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();
    private final Set<String> pausedDatabases = ConcurrentHashMap.newKeySet();
    private final Set<String> disabledDatabases = ConcurrentHashMap.newKeySet();
    /** PAUSE or SUSPEND without a database: every pool, present and future. */
    private volatile boolean allPaused;
    private volatile boolean allHeld;
    private volatile Consumer<Pool> onNewPool = pool -> { };

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
        return pools.computeIfAbsent(new PoolKey(database.name(), user.name()), key -> {
            Pool pool = new Pool(key, settingsFor(config, database, user, null), connector, group, limits);
            if (allPaused || pausedDatabases.contains(key.database())) {
                pool.pause(allHeld);
            }
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

    /** The pools of {@code database}, or every pool when it is null. */
    public List<Pool> of(String database) {
        return pools.values().stream().filter(p -> database == null || p.key().database().equals(database))
                .toList();
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** PAUSE / SUSPEND of {@code database}, or of everything when it is null. */
    public void pause(String database, boolean holdServers) {
        if (database == null) {
            allPaused = true;
            allHeld = holdServers;
        } else {
            pausedDatabases.add(database);
        }
        of(database).forEach(p -> p.pause(holdServers));
    }

    /** RESUME of {@code database}, or of everything when it is null. */
    public void resume(String database) {
        if (database == null) {
            allPaused = false;
            allHeld = false;
            pausedDatabases.clear();
        } else {
            pausedDatabases.remove(database);
        }
        of(database).stream().filter(p -> !allPaused).forEach(Pool::resume);
    }

    /** Whether {@code database} is paused, on its own or with everything. */
    public boolean isPaused(String database) {
        return allPaused || pausedDatabases.contains(database);
    }

    /** DISABLE / ENABLE: new logins to a disabled database are refused; connected clients stay. */
    public void setDisabled(String database, boolean disabled) {
        if (disabled) {
            disabledDatabases.add(database);
        } else {
            disabledDatabases.remove(database);
        }
    }

    public boolean isDisabled(String database) {
        return disabledDatabases.contains(database);
    }

    /**
     * Applies a reloaded configuration: pools of removed databases or users drain and go; the others take their
     * new settings. New logins see the new configuration at once.
     */
    public void reconfigure(SluiceConfig newConfig) {
        config = newConfig;
        limits.update(newConfig.pool().maxDbConnections(), newConfig.pool().maxUserConnections());
        for (Pool pool : pools.values()) {
            PoolKey key = pool.key();
            DatabaseConfig database = newConfig.databases().get(key.database());
            UserConfig user = newConfig.users().get(key.user());
            PassThroughSecret passThrough = pool.settings().target().passThrough();
            if (user == null && passThrough != null && newConfig.auth().queryEnabled()) {
                // Looked up with auth.query, never listed: it stays as long as the lookup does.
                user = new UserConfig(key.user(), null);
            }
            if (database == null || user == null) {
                ErrorResponse why = database == null ? ProxyErrors.databaseRemoved(key.database())
                        : ProxyErrors.userRemoved(key.user());
                LOG.log(Level.INFO, "pool {0}: {1}; draining it", key, why.message());
                pools.remove(key, pool);
                pool.retire(why);
            } else {
                pool.reconfigure(settingsFor(newConfig, database, user, passThrough));
            }
        }
        disabledDatabases.retainAll(newConfig.databases().keySet());
        pausedDatabases.retainAll(newConfig.databases().keySet());
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

    /**
     * @param passThrough the pool's current holder of the keys its clients proved, kept across a reload so the pool
     *     need not wait for a client to log in again; null for a new pool
     */
    private PoolSettings settingsFor(SluiceConfig config, DatabaseConfig database, UserConfig user,
            PassThroughSecret passThrough) {
        var pool = config.pool();
        String password = database.serverPassword().orElse(user.password());
        boolean passesThrough = config.auth().queryEnabled() && database.serverUser().isEmpty() && password == null;
        PassThroughSecret secret = !passesThrough ? null : passThrough != null ? passThrough
                : new PassThroughSecret(() -> passThroughRejected.accept(user.name()));
        ServerTarget target = new ServerTarget(database.host(), database.port(), database.dbname(),
                database.serverUser().orElse(user.name()), password, pool.serverConnectTimeout(),
                config.listen().maxPacketSize(), secret);
        int size = database.effectivePoolSize(pool);
        return new PoolSettings(target, database.effectivePoolMode(pool), size,
                Math.min(pool.minPoolSize(), size), pool.queryWaitTimeout(), pool.queryWaitNotify(), pool.serverIdleTimeout(),
                pool.serverLifetime(), pool.serverResetQuery(), pool.serverResetTimeout(), pool.serverLoginRetry(),
                pool.serverCheckDelay(), pool.serverCheckQuery(), pool.reservePoolSize(), pool.reservePoolTimeout());
    }
}
