package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void parsesDurations() {
        assertEquals(Duration.ofMillis(500), Units.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), Units.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration("5m"));
        assertEquals(Duration.ofHours(1), Units.parseDuration("1h"));
        assertEquals(Duration.ofDays(2), Units.parseDuration("2d"));
        assertEquals(Duration.ofSeconds(45), Units.parseDuration("45"));
        assertEquals(Duration.ZERO, Units.parseDuration("0"));
        assertEquals(Duration.ofNanos(1500), Units.parseDuration("1500ns"));
        assertEquals(Duration.ofNanos(7000), Units.parseDuration("7us"));
        assertEquals(Duration.ofSeconds(10), Units.parseDuration(" 10 s "));
    }

    @Test
    void rejectsBadDurations() {
        assertMessage("expected a duration such as 500ms, 30s, 5m, 1h or 2d (a bare number means seconds),"
                + " got 'abc'", () -> Units.parseDuration("abc"));
        assertMessage("unknown duration unit 'sec' (expected one of: ns, us, ms, s, m, h, d), got '5sec'",
                () -> Units.parseDuration("5sec"));
        assertMessage("must not be negative, got '-5s'", () -> Units.parseDuration("-5s"));
        assertMessage("expected a duration", () -> Units.parseDuration("1.5s"));
        assertMessage("expected a duration", () -> Units.parseDuration(""));
        assertMessage("expected a duration", () -> Units.parseDuration("99999999999999999999s"));
        assertMessage("duration too large", () -> Units.parseDuration("9223372036854775807d"));
    }

    @Test
    void parsesSizes() {
        assertEquals(1024, Units.parseSize("1024"));
        assertEquals(64 * 1024, Units.parseSize("64KiB"));
        assertEquals(256L * 1024 * 1024, Units.parseSize("256MiB"));
        assertEquals(1024L * 1024 * 1024, Units.parseSize("1GiB"));
        assertEquals(10_000, Units.parseSize("10kB"));
        assertEquals(10_000_000, Units.parseSize("10MB"));
        assertEquals(5, Units.parseSize("5B"));
    }

    @Test
    void rejectsBadSizes() {
        assertMessage("unknown size unit 'kb'", () -> Units.parseSize("10kb"));
        assertMessage("expected a size such as 1024", () -> Units.parseSize("big"));
        assertMessage("must not be negative, got '-1KiB'", () -> Units.parseSize("-1KiB"));
        assertMessage("size too large, got '9000000TiB'", () -> Units.parseSize("9000000TiB"));
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertEquals("0s", Units.formatDuration(Duration.ZERO));
        assertEquals("2m", Units.formatDuration(Duration.ofSeconds(120)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("1h", Units.formatDuration(Duration.ofSeconds(3600)));
        assertEquals("2d", Units.formatDuration(Duration.ofDays(2)));
        assertEquals("500ms", Units.formatDuration(Duration.ofMillis(500)));
        assertEquals("1500ns", Units.formatDuration(Duration.ofNanos(1500)));
        assertEquals("-5s", Units.formatDuration(Duration.ofSeconds(-5)));
        assertEquals("256MiB", Units.formatSize(256L * 1024 * 1024));
        assertEquals("1KiB", Units.formatSize(1024));
        assertEquals("1000", Units.formatSize(1000));
        assertEquals("0", Units.formatSize(0));
    }

    @Test
    void formattedValuesParseBack() {
        for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ofMinutes(90),
                Duration.ofHours(48), Duration.ofNanos(3)}) {
            assertEquals(d, Units.parseDuration(Units.formatDuration(d)));
        }
        for (long size : new long[] {1, 1023, 1024, 3 * 1024 * 1024, 5L << 40}) {
            assertEquals(size, Units.parseSize(Units.formatSize(size)));
        }
    }

    private static void assertMessage(String start, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
