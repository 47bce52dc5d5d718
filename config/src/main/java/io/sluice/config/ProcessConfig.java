package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Process-wide behaviour: how Sluice logs, which threads and sockets carry it, and how long it drains on
 * shutdown.
 *
 * @param logFormat text or JSON log lines
 * @param logConnections whether client logins and disconnects are logged
 * @param eventLoops event-loop threads; 0 for one per available core (one fewer under io_uring)
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

    /**
     * The event-loop threads to start: {@link #eventLoops}, or one per available core; for a transport that
     * {@code batches} its system calls (io_uring), one fewer, and at least one. A batching loop does more per system
     * call the more sockets it serves: on 2 cores, one io_uring loop used 30 % less CPU per transaction than two
     * and carried more (docs/operations.md, "Event loops").
     */
    public int effectiveEventLoops(boolean batches) {
        if (eventLoops > 0) {
            return eventLoops;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return batches ? Math.max(1, cores - 1) : cores;
    }
}
