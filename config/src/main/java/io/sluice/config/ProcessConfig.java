package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Process-wide behaviour: how Sluice logs, which threads and sockets carry it, and how long it drains on
 * shutdown.
 *
 * @param logFormat text or JSON log lines
 * @param logConnections whether client logins and disconnects are logged
 * @param eventLoops event-loop threads; 0 for one per available core but one (at least one)
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

    /** The event-loop threads to start: {@link #eventLoops}, or {@link #defaultEventLoops} of this machine's. */
    public int effectiveEventLoops() {
        return eventLoops > 0 ? eventLoops : defaultEventLoops(Runtime.getRuntime().availableProcessors());
    }

    /**
     * One loop per core but one, and at least one. The core left over goes to what shares the machine (the
     * kernel's network work, the database, the clients): on 2 cores one loop took 30 % less CPU per transaction
     * than two and gave more throughput; on 16, throughput still rose up to 16 loops, so one less costs little
     * there (docs/benchmarks.md, docs/benchmarks-16-cores.md).
     */
    static int defaultEventLoops(int cores) {
        return Math.max(1, cores - 1);
    }
}
