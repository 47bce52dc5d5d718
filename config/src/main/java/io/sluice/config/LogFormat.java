package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How Sluice writes its log lines. */
public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON;

    /** The name used in the configuration file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static LogFormat parse(String value) {
        for (LogFormat format : values()) {
            if (format.configName().equalsIgnoreCase(value)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown log format '" + value + "' (expected one of: " + choices()
                + ')');
    }

    static String choices() {
        return Arrays.stream(values()).map(LogFormat::configName).collect(Collectors.joining(", "));
    }
}
