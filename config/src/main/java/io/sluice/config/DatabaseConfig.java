package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One database clients can connect to, and the PostgreSQL server behind it.
 *
 * @param name the name clients use, the key under {@code databases}
 * @param host PostgreSQL host
 * @param port PostgreSQL port, 1..65535
 * @param dbname database name on the server
 * @param poolSize overrides {@code pool.size} when present
 * @param poolMode overrides {@code pool.mode} when present
 * @param serverUser log into PostgreSQL as this user instead of the client's user
 * @param serverPassword password of {@code serverUser}; never shown by {@link #toString()}
 */
public record DatabaseConfig(String name, String host, int port, String dbname, OptionalInt poolSize,
                             Optional<PoolMode> poolMode, Optional<String> serverUser,
                             Optional<String> serverPassword) {

    public DatabaseConfig {
        requireNonNull(name, "name");
        requireNonNull(host, "host");
        requireNonNull(dbname, "dbname");
        requireNonNull(poolSize, "poolSize");
        requireNonNull(poolMode, "poolMode");
        requireNonNull(serverUser, "serverUser");
        requireNonNull(serverPassword, "serverPassword");
        Settings.DATABASE_PORT.requireInRange(port);
        if (poolSize.isPresent()) {
            Settings.DATABASE_POOL_SIZE.requireInRange(poolSize.getAsInt());
        }
    }

    /** This database's pool size, or {@code pool.size}. */
    public int effectivePoolSize(PoolConfig pool) {
        return poolSize.orElse(pool.size());
    }

    /** This database's pool mode, or {@code pool.mode}. */
    public PoolMode effectivePoolMode(PoolConfig pool) {
        return poolMode.orElse(pool.mode());
    }

    /** Like the record's, with the server password masked. */
    @Override
    public String toString() {
        return "DatabaseConfig[name=" + name + ", host=" + host + ", port=" + port + ", dbname=" + dbname
                + ", poolSize=" + poolSize + ", poolMode=" + poolMode + ", serverUser=" + serverUser
                + ", serverPassword=" + serverPassword.map(p -> "<hidden>") + ']';
    }
}
