package io.sluice.config;

/** How Sluice writes its log lines. */
public enum LogFormat {
    /** One human-readable line per event. */
    TEXT,
    /** One JSON object per line, for log shippers. */
    JSON;

    /** The name used in the configuration file. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static LogFormat parse(String value) {
        return ConfigNames.parse(LogFormat.class, value, "log format");
    }

    static String choices() {
        return ConfigNames.choices(LogFormat.class);
    }
}
