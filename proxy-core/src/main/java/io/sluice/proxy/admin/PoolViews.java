package io.sluice.proxy.admin;

import static io.sluice.protocol.backend.Column.int4;
import static io.sluice.protocol.backend.Column.text;

import io.sluice.config.DatabaseConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolCounts;
import io.sluice.proxy.pool.PoolRegistry;
import java.util.Comparator;
import java.util.List;

/** {@code SHOW POOLS}, {@code DATABASES}, {@code USERS} and {@code LISTS}, with PgBouncer's columns in its order. */
final class PoolViews {

    private PoolViews() {
    }

    static List<Pool> sorted(PoolRegistry pools) {
        return pools.all().stream().sorted(Comparator.comparing((Pool p) -> p.key().database())
                .thenComparing(p -> p.key().user())).toList();
    }

    static Table pools(PoolRegistry pools) {
        Table table = new Table(text("database"), text("user"), int4("cl_active"), int4("cl_waiting"),
                int4("cl_active_cancel_req"), int4("cl_waiting_cancel_req"), int4("sv_active"),
                int4("sv_active_cancel"), int4("sv_being_canceled"), int4("sv_idle"), int4("sv_used"),
                int4("sv_tested"), int4("sv_login"), int4("maxwait"), int4("maxwait_us"), text("pool_mode"),
                text("load_balance_hosts"),
                // Sluice's own, after PgBouncer's:
                int4("pool_size"), int4("paused"));
        for (Pool pool : sorted(pools)) {
            PoolCounts c = pool.counts();
            table.row(pool.key().database(), pool.key().user(), c.clientsActive(), c.clientsWaiting(), 0, 0,
                    c.serversActive(), 0, c.serversBeingCancelled(), c.serversIdle(), c.serversUsed(), 0,
                    c.serversLogin(),
                    Times.seconds(c.maxWaitNanos()), Times.micros(c.maxWaitNanos()),
                    pool.settings().mode().configName(), "", pool.settings().size(), pool.isPaused() ? 1 : 0);
        }
        return table;
    }

    static Table databases(SluiceConfig config, PoolRegistry pools) {
        Table table = new Table(text("name"), text("host"), int4("port"), text("database"), text("force_user"),
                int4("pool_size"), int4("min_pool_size"), int4("reserve_pool_size"), int4("server_lifetime"),
                text("pool_mode"), text("load_balance_hosts"), int4("max_connections"),
                int4("current_connections"), int4("max_client_connections"), int4("current_client_connections"),
                int4("paused"), int4("disabled"),
                // Sluice's own, after PgBouncer's: the column's name before PgBouncer 1.24, which older exporters
                // (Debian's prometheus-pgbouncer-exporter) still read.
                int4("reserve_pool"));
        var pool = config.pool();
        for (DatabaseConfig db : config.databases().values()) {
            int clients = pools.of(db.name()).stream().mapToInt(p -> p.counts().clients()).sum();
            int size = db.effectivePoolSize(pool);
            table.row(db.name(), db.host(), db.port(), db.dbname(), db.serverUser().orElse(""), size,
                    Math.min(pool.minPoolSize(), size), pool.reservePoolSize(), pool.serverLifetime().toSeconds(),
                    db.effectivePoolMode(pool).configName(), "", pool.maxDbConnections(),
                    pools.limits().openForDatabase(db.name()), 0, clients, pools.isPaused(db.name()) ? 1 : 0,
                    pools.isDisabled(db.name()) ? 1 : 0, pool.reservePoolSize());
        }
        return table;
    }

    static Table users(SluiceConfig config, PoolRegistry pools) {
        Table table = new Table(text("name"), int4("pool_size"), int4("reserve_pool_size"), text("pool_mode"),
                int4("max_user_connections"), int4("current_connections"), int4("max_user_client_connections"),
                int4("current_client_connections"));
        for (String user : config.users().keySet()) {
            int clients = pools.all().stream().filter(p -> p.key().user().equals(user))
                    .mapToInt(p -> p.counts().clients()).sum();
            table.row(user, 0, 0, "", config.pool().maxUserConnections(), pools.limits().openForUser(user), 0,
                    clients);
        }
        return table;
    }

    /** @param connected every client connection, logged in or not */
    static Table lists(SluiceConfig config, PoolRegistry pools, int connected) {
        int clients = 0;
        int servers = 0;
        for (Pool pool : pools.all()) {
            PoolCounts c = pool.counts();
            clients += c.clients();
            servers += c.servers();
        }
        return new Table(text("list"), int4("items"))
                .row("databases", config.databases().size())
                .row("users", config.users().size())
                .row("peers", 0)
                .row("pools", pools.all().size())
                .row("peer_pools", 0)
                .row("free_clients", 0)
                .row("used_clients", clients)
                .row("login_clients", Math.max(0, connected - clients))
                .row("free_servers", 0)
                .row("used_servers", servers)
                .row("dns_names", 0)
                .row("dns_zones", 0)
                .row("dns_queries", 0)
                .row("dns_pending", 0);
    }
}
