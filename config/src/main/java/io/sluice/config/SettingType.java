package io.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The kind of value a {@link Setting} takes, how it is parsed and how the documentation names it. */
public enum SettingType {
    /** A non-empty string. */
    STRING,
    /** A string that may be empty (empty usually means "none"). */
    TEXT,
    /** A non-empty string that must never be logged or shown ({@code SHOW CONFIG} masks it). */
    SECRET,
    /** An integer within {@link Setting#min()}..{@link Setting#max()}. */
    INTEGER,
    /** A non-negative duration; see {@link Units#parseDuration}. */
    DURATION,
    /** A size in bytes within {@link Setting#min()}..{@link Setting#max()}; see {@link Units#parseSize}. */
    SIZE,
    /** A {@link PoolMode}. */
    POOL_MODE,
    /** An {@link AuthType}. */
    AUTH_TYPE,
    /** Names, comma-separated or a YAML list; empty for none. Parsed to an unmodifiable {@code List<String>}. */
    NAMES,
    /** A {@link LogFormat}. */
    LOG_FORMAT,
    /** {@code true} or {@code false} (also {@code on}/{@code off}, {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    BOOLEAN;

    /**
     * Parses a value written in YAML into the setting's Java value: {@link String}, {@link Integer},
     * {@link java.time.Duration}, {@link Long} (sizes), {@link PoolMode} or {@link AuthType}.
     *
     * @throws IllegalArgumentException with a message that reads well after the key path
     */
    Object parse(Setting setting, String raw) {
        return switch (this) {
            case STRING, SECRET -> {
                if (raw.isEmpty()) {
                    throw new IllegalArgumentException("must not be empty");
                }
                yield raw;
            }
            case TEXT -> raw;
            case INTEGER -> {
                long value = parseInteger(raw);
                if (value < setting.min() || value > setting.max()) {
                    throw new IllegalArgumentException(
                            "must be between " + setting.min() + " and " + setting.max() + ", got " + raw);
                }
                yield (int) value;
            }
            case DURATION -> Units.parseDuration(raw);
            case SIZE -> {
                long value = Units.parseSize(raw);
                if (value < setting.min() || value > setting.max()) {
                    throw new IllegalArgumentException("must be between " + Units.formatSize(setting.min())
                            + " and " + Units.formatSize(setting.max()) + ", got " + raw);
                }
                yield value;
            }
            case POOL_MODE -> PoolMode.parse(raw);
            case AUTH_TYPE -> AuthType.parse(raw);
            case NAMES -> parseNames(raw);
            case LOG_FORMAT -> LogFormat.parse(raw);
            case BOOLEAN -> parseBoolean(raw);
        };
    }

    /** How the settings reference names the type, with its range or choices. */
    String describe(Setting setting) {
        return switch (this) {
            case STRING, TEXT -> "string";
            case SECRET -> "string (secret)";
            case INTEGER -> "integer " + setting.min() + ".." + setting.max();
            case DURATION -> "duration";
            case SIZE -> "size " + Units.formatSize(setting.min()) + ".." + Units.formatSize(setting.max());
            case POOL_MODE -> PoolMode.choices().replace(", ", " / ");
            case AUTH_TYPE -> AuthType.choices().replace(", ", " / ");
            case NAMES -> "list of names";
            case LOG_FORMAT -> LogFormat.choices().replace(", ", " / ");
            case BOOLEAN -> "boolean";
        };
    }

    private static Boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> Boolean.TRUE;
            case "false", "off", "no", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
        };
    }

    private static List<String> parseNames(String raw) {
        List<String> names = new ArrayList<>();
        for (String part : raw.split(",")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static long parseInteger(String raw) {
        // YAML 1.1 allows 10_000; accept it, as snakeyaml's resolver does.
        if (raw.matches("[+-]?[0-9][0-9_]*")) {
            try {
                return Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("integer out of range, got " + raw, e);
            }
        }
        throw new IllegalArgumentException("expected an integer, got '" + raw + "'");
    }
}
