package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Process-wide behaviour: how Sluice logs, which threads and sockets carry it, and how long it drains on
 * shutdown.
 *
 * @param logFormat text or JSON log lines
 * @param logConnections whether client logins and disconnects are logged
 * @param eventLoops event-loop threads; 0 for one per available core
 * @param transport the socket implementation
 * @param shutdownTimeout longest a graceful shutdown (SIGTERM, {@code SHUTDOWN WAIT_FOR_SERVERS}) waits for running
 *        transactions before closing everything
 */
public record ProcessConfig(LogFormat logFormat, boolean logConnections, int eventLoops, IoTransport transport,
                            Duration shutdownTimeout) {

    public ProcessConfig {
        requireNonNull(logFormat, "logFormat");
        requireNonNull(transport, "transport");
        Settings.PROCESS_EVENT_LOOPS.requireInRange(eventLoops);
        Durations.requireNonNegative(shutdownTimeout, Settings.PROCESS_SHUTDOWN_TIMEOUT);
    }

    /** The event-loop threads to start: {@link #eventLoops}, or one per available core. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
