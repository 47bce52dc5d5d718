package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How clients authenticate to Sluice.
 *
 * @param type the method asked of every client
 * @param failureBackoff how repeated failed logins from one address are slowed down
 */
public record AuthConfig(AuthType type, FailureBackoff failureBackoff) {

    public AuthConfig {
        requireNonNull(type, "type");
        requireNonNull(failureBackoff, "failureBackoff");
    }

    /** With the default failure backoff. */
    public AuthConfig(AuthType type) {
        this(type, FailureBackoff.DEFAULT);
    }

    /**
     * The per-address backoff after failed logins.
     *
     * @param after failures within {@code window} that start the backoff; 0 turns it off
     * @param window failures are forgotten after this long without one
     * @param first the first backoff, doubled with each further failure
     * @param max the longest backoff
     */
    public record FailureBackoff(int after, Duration window, Duration first, Duration max) {

        /** The defaults of the settings table. */
        public static final FailureBackoff DEFAULT = new FailureBackoff(10, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(30));

        public FailureBackoff {
            Settings.AUTH_FAILURE_BACKOFF_AFTER.requireInRange(after);
            Durations.requireNonNegative(requireNonNull(window, "window"), Settings.AUTH_FAILURE_WINDOW);
            Durations.requireNonNegative(requireNonNull(first, "first"), Settings.AUTH_FAILURE_BACKOFF);
            Durations.requireNonNegative(requireNonNull(max, "max"), Settings.AUTH_FAILURE_BACKOFF_MAX);
        }

        /** Whether failed logins are counted at all. */
        public boolean enabled() {
            return after > 0;
        }
    }
}
