package io.sluice.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}; a bare integer means seconds)
 * and sizes ({@code 1024}, {@code 10kB}, {@code 10MB}, {@code 64KiB}, {@code 256MiB}, {@code 1GiB}; a bare
 * integer means bytes) as written in the configuration file.
 *
 * <p>Error messages are phrased to follow a key path: {@code pool.size: expected a duration ...}.
 */
public final class Units {

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(-?[0-9]+)\\s*([A-Za-z]*)");
    private static final String DURATION_HINT =
            "expected a duration such as 500ms, 30s, 5m, 1h or 2d (a bare number means seconds)";
    private static final String SIZE_HINT =
            "expected a size such as 1024, 64KiB, 256MiB, 1GiB, 10kB or 10MB (a bare number means bytes)";
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;
    private static final long TIB = GIB * 1024;

    private Units() {
    }

    /**
     * Parses a non-negative duration. Units: {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m},
     * {@code h}, {@code d}; none means seconds.
     *
     * @throws IllegalArgumentException when the text is not a duration or is negative
     */
    public static Duration parseDuration(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(DURATION_HINT + ", got '" + text + "'");
        }
        ChronoUnit unit = switch (m.group(2)) {
            case "ns" -> ChronoUnit.NANOS;
            case "us" -> ChronoUnit.MICROS;
            case "ms" -> ChronoUnit.MILLIS;
            case "", "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> throw new IllegalArgumentException(
                    "unknown duration unit '" + m.group(2) + "' (expected one of: ns, us, ms, s, m, h, d), got '"
                            + text + "'");
        };
        long amount = parseAmount(m.group(1), text, DURATION_HINT);
        try {
            return Duration.of(amount, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too large, got '" + text + "'", e);
        }
    }

    /**
     * Parses a non-negative size in bytes. Binary units {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}
     * are powers of 1024; decimal units {@code kB}, {@code MB}, {@code GB}, {@code TB} powers of 1000;
     * {@code B} or none means bytes.
     *
     * @throws IllegalArgumentException when the text is not a size, is negative or overflows a {@code long}
     */
    public static long parseSize(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(SIZE_HINT + ", got '" + text + "'");
        }
        long multiplier = switch (m.group(2)) {
            case "", "B" -> 1;
            case "kB" -> 1000;
            case "MB" -> 1000_000;
            case "GB" -> 1000_000_000;
            case "TB" -> 1000_000_000_000L;
            case "KiB" -> KIB;
            case "MiB" -> MIB;
            case "GiB" -> GIB;
            case "TiB" -> TIB;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2)
                    + "' (expected one of: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), got '" + text + "'");
        };
        long amount = parseAmount(m.group(1), text, SIZE_HINT);
        try {
            return Math.multiplyExact(amount, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size too large, got '" + text + "'", e);
        }
    }

    /**
     * Formats a duration with the largest unit that represents it exactly: {@code 2m}, {@code 90s},
     * {@code 500ms}, {@code 0s}. The result parses back to the same duration.
     */
    public static String formatDuration(Duration duration) {
        if (duration.isNegative()) {
            return '-' + formatDuration(duration.negated());
        }
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.toSeconds() + "s";
        }
        if (nanos == 0) {
            return "0s";
        }
        String[] names = {"d", "h", "m", "s", "ms", "us"};
        long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < names.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + names[i];
            }
        }
        return nanos + "ns";
    }

    /**
     * Formats a size with the largest binary unit that represents it exactly: {@code 256MiB}, {@code 1KiB},
     * {@code 1000}. The result parses back to the same size.
     */
    public static String formatSize(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        String[] names = {"TiB", "GiB", "MiB", "KiB"};
        long[] sizes = {TIB, GIB, MIB, KIB};
        for (int i = 0; i < names.length; i++) {
            if (bytes % sizes[i] == 0) {
                return bytes / sizes[i] + names[i];
            }
        }
        return Long.toString(bytes);
    }

    private static long parseAmount(String digits, String text, String hint) {
        if (digits.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative, got '" + text + "'");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(hint + ", got '" + text + "'", e);
        }
    }
}
