package io.sluice.proxy.pool;

import static java.util.Objects.requireNonNull;

/** A pool is one database entry of the configuration used by one user. */
public record PoolKey(String database, String user) {

    public PoolKey {
        requireNonNull(database, "database");
        requireNonNull(user, "user");
    }

    @Override
    public String toString() {
        return user + "@" + database;
    }
}
