package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Process-wide behaviour: how Sluice logs and how long it drains on shutdown.
 *
 * @param logFormat text or JSON log lines
 * @param logConnections whether client logins and disconnects are logged
 * @param shutdownTimeout longest a graceful shutdown (SIGTERM, {@code SHUTDOWN WAIT_FOR_SERVERS}) waits for running
 *        transactions before closing everything
 */
public record ProcessConfig(LogFormat logFormat, boolean logConnections, Duration shutdownTimeout) {

    public ProcessConfig {
        requireNonNull(logFormat, "logFormat");
        Durations.requireNonNegative(shutdownTimeout, Settings.PROCESS_SHUTDOWN_TIMEOUT);
    }
}
