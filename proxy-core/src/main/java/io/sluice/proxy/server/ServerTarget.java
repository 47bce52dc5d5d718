package io.sluice.proxy.server;

import static java.util.Objects.requireNonNull;

import io.sluice.config.DatabaseConfig;
import java.time.Duration;

/**
 * Where and as whom Sluice logs into PostgreSQL for one pool.
 *
 * @param password a plain password or an md5 hash ({@code md5…}); {@code null} when the server needs none or the
 *     pool passes a looked-up secret through
 * @param passThrough {@code @Nullable}: the secret recovered from client logins of a user looked up with
 *     {@code auth.query}, used when {@code password} is {@code null}
 */
public record ServerTarget(String host, int port, String database, String user, String password,
                           Duration connectTimeout, int maxPacketSize, PassThroughSecret passThrough) {

    public ServerTarget {
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(connectTimeout, "connectTimeout");
    }

    /** A target whose password, if any, is configured. */
    public ServerTarget(String host, int port, String database, String user, String password,
            Duration connectTimeout, int maxPacketSize) {
        this(host, port, database, user, password, connectTimeout, maxPacketSize, null);
    }

    /** The file of PostgreSQL's Unix-domain socket when {@code host} is its directory; {@code null} for TCP. */
    public String unixSocketPath() {
        return DatabaseConfig.unixSocketPath(host, port);
    }

    /** {@code host:port}, or the socket's path, for messages. */
    public String address() {
        String socket = unixSocketPath();
        return socket != null ? socket : host + ":" + port;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ServerTarget[" + user + "@" + address() + "/" + database + "]";
    }
}
