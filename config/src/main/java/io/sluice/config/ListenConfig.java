package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Where and how Sluice accepts client connections.
 *
 * @param host address to listen on
 * @param port TCP port, 0..65535; 0 picks an ephemeral port (tests)
 * @param clientLoginTimeout time a client has to finish startup and authentication
 * @param maxPacketSize the largest message, in bytes, that Sluice reads whole
 * @param maxClientConnPerAddress client connections one source address may hold; 0 for no limit
 * @param unixSocketDir the directory of a Unix-domain socket to accept clients on as well
 *     ({@code <dir>/.s.PGSQL.<port>}); empty for none (an empty string reads as none)
 */
public record ListenConfig(String host, int port, Duration clientLoginTimeout, int maxPacketSize,
                           int maxClientConnPerAddress, Optional<String> unixSocketDir) {

    public ListenConfig {
        requireNonNull(host, "host");
        unixSocketDir = requireNonNull(unixSocketDir, "unixSocketDir").filter(dir -> !dir.isEmpty());
        requireNonNull(clientLoginTimeout, "clientLoginTimeout");
        Settings.LISTEN_PORT.requireInRange(port);
        Durations.requireNonNegative(clientLoginTimeout, Settings.LISTEN_CLIENT_LOGIN_TIMEOUT);
        Settings.LISTEN_MAX_PACKET_SIZE.requireInRange(maxPacketSize);
        Settings.LISTEN_MAX_CLIENT_CONN_PER_ADDRESS.requireInRange(maxClientConnPerAddress);
    }

    /** Without a per-address limit or a Unix-domain socket. */
    public ListenConfig(String host, int port, Duration clientLoginTimeout, int maxPacketSize) {
        this(host, port, clientLoginTimeout, maxPacketSize, 0, Optional.empty());
    }
}
