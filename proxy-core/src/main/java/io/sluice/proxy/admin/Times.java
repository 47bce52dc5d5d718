package io.sluice.proxy.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: timestamps as PostgreSQL's text output does, waits in PgBouncer's two parts. */
final class Times {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** An epoch-millisecond time as a {@code timestamptz} value in UTC; empty for 0 (never). */
    static String timestamp(long epochMillis) {
        return epochMillis == 0 ? null : TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Whole seconds of a wait. */
    static long seconds(long nanos) {
        return nanos / 1_000_000_000L;
    }

    /** The microseconds of a wait beyond its whole seconds. */
    static long micros(long nanos) {
        return nanos % 1_000_000_000L / 1_000L;
    }
}
