package io.sluice.proxy.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where and as whom Sluice logs into PostgreSQL for one pool.
 *
 * @param password a plain password or an md5 hash ({@code md5…}); {@code null} when the server needs none
 */
public record ServerTarget(String host, int port, String database, String user, String password,
                           Duration connectTimeout, int maxPacketSize) {

    public ServerTarget {
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(connectTimeout, "connectTimeout");
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "ServerTarget[" + user + "@" + address() + "/" + database + "]";
    }
}
