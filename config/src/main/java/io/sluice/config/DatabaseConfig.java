package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One database clients can connect to, and the PostgreSQL server behind it.
 *
 * @param name the name clients use, the key under {@code databases}
 * @param host PostgreSQL's host name or address, or the directory of its Unix-domain socket (starts with {@code /})
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

    /** How PostgreSQL names its socket in a directory: this, then the port. */
    public static final String SOCKET_NAME_PREFIX = ".s.PGSQL.";

    /** Longest socket path Linux takes ({@code sun_path} holds 108 bytes with the terminating NUL). */
    public static final int MAX_SOCKET_PATH_BYTES = 107;

    /**
     * The socket file PostgreSQL listens on when {@code host} is a directory (starts with {@code /}, as libpq reads
     * {@code host}): {@code <host>/.s.PGSQL.<port>}; {@code null} for a TCP host.
     */
    public static String unixSocketPath(String host, int port) {
        if (!host.startsWith("/")) {
            return null;
        }
        String dir = host.length() > 1 && host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        return dir + "/" + SOCKET_NAME_PREFIX + port;
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
