package io.sluice.config;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP listener for Prometheus metrics and health checks.
 *
 * @param enabled whether the listener is opened at all
 * @param host address to listen on
 * @param port TCP port, 0..65535; 0 picks an ephemeral port (tests)
 */
public record MetricsConfig(boolean enabled, String host, int port) {

    /** The defaults of the settings table. */
    public static final MetricsConfig DEFAULT = new MetricsConfig(true, "127.0.0.1", 9127);

    public MetricsConfig {
        requireNonNull(host, "host");
        Settings.METRICS_PORT.requireInRange(port);
    }
}
