package io.sluice.config;

import java.time.Duration;

/** Invariant checks on durations for the records' compact constructors. */
final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException {@code "pool.server_lifetime: PT-1S (expected: >= 0)"} */
    static Duration requireNonNegative(Duration value, Setting setting) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting.key() + ": " + value + " (expected: >= 0)");
        }
        return value;
    }
}
