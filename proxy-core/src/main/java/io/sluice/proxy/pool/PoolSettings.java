package io.sluice.proxy.pool;

import static java.util.Objects.requireNonNull;

import io.sluice.config.PoolMode;
import io.sluice.proxy.server.ServerTarget;
import java.time.Duration;

/**
 * What one pool needs from the configuration: where its servers are, how many, and how long things may take.
 * Zero durations mean "never" for the idle timeout, the lifetime, the wait timeout and the wait notice.
 */
public record PoolSettings(ServerTarget target, PoolMode mode, int size, int minPoolSize, Duration queryWaitTimeout,
                           Duration queryWaitNotify, Duration serverIdleTimeout, Duration serverLifetime,
                           String serverResetQuery, Duration serverResetTimeout, Duration serverLoginRetry,
                           Duration serverCheckDelay, String serverCheckQuery, int reservePoolSize,
                           Duration reservePoolTimeout) {

    public PoolSettings {
        requireNonNull(target, "target");
        requireNonNull(mode, "mode");
        requireNonNull(queryWaitTimeout, "queryWaitTimeout");
        requireNonNull(queryWaitNotify, "queryWaitNotify");
        requireNonNull(serverIdleTimeout, "serverIdleTimeout");
        requireNonNull(serverLifetime, "serverLifetime");
        requireNonNull(serverResetQuery, "serverResetQuery");
        requireNonNull(serverResetTimeout, "serverResetTimeout");
        requireNonNull(serverLoginRetry, "serverLoginRetry");
        requireNonNull(serverCheckDelay, "serverCheckDelay");
        requireNonNull(serverCheckQuery, "serverCheckQuery");
        requireNonNull(reservePoolTimeout, "reservePoolTimeout");
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
    }
}
