package io.sluice.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    NAME_LIST,
    /** A {@link LogFormat}. */
    LOG_FORMAT,
    /** An {@link IoTransport}. */
    TRANSPORT,
    /** {@code true} or {@code false} (also {@code on}/{@code off}, {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    BOOLEAN,
    /** A {@link ClientTlsMode}. */
    CLIENT_TLS_MODE,
    /** A {@link ServerTlsMode}. */
    SERVER_TLS_MODE,
    /** A {@link TlsProvider}. */
    TLS_PROVIDER,
    /** A comma-separated list of TLS versions ({@code TLSv1.2, TLSv1.3}), normalised to {@code TLSv1.2,TLSv1.3}. */
    TLS_PROTOCOLS,
    /** {@code all}, a name, or names as a comma-separated string or a YAML list, normalised to {@code a,b}. */
    NAMES,
    /** {@code all} or a {@link Cidr}. */
    ADDRESS_RANGE,
    /** An {@link HbaTls}. */
    HBA_TLS,
    /** An {@link HbaMethod}. */
    HBA_METHOD;

    private static final Set<String> TLS_VERSIONS = Set.of("TLSv1.2", "TLSv1.3");

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
            case NAME_LIST -> parseNameList(raw);
            case LOG_FORMAT -> LogFormat.parse(raw);
            case TRANSPORT -> IoTransport.parse(raw);
            case BOOLEAN -> parseBoolean(raw);
            case CLIENT_TLS_MODE -> ClientTlsMode.parse(raw);
            case SERVER_TLS_MODE -> ServerTlsMode.parse(raw);
            case TLS_PROVIDER -> TlsProvider.parse(raw);
            case TLS_PROTOCOLS -> parseTlsProtocols(raw);
            case NAMES -> parseNames(raw);
            case ADDRESS_RANGE -> {
                if (!raw.equals("all") && !raw.equals(HbaRule.LOCAL)) {
                    Cidr.parse(raw);
                }
                yield raw;
            }
            case HBA_TLS -> HbaTls.parse(raw);
            case HBA_METHOD -> HbaMethod.parse(raw);
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
            case NAME_LIST -> "list of names";
            case LOG_FORMAT -> LogFormat.choices().replace(", ", " / ");
            case TRANSPORT -> IoTransport.choices().replace(", ", " / ");
            case BOOLEAN -> "boolean";
            case CLIENT_TLS_MODE -> ClientTlsMode.choices().replace(", ", " / ");
            case SERVER_TLS_MODE -> ServerTlsMode.choices().replace(", ", " / ");
            case TLS_PROVIDER -> TlsProvider.choices().replace(", ", " / ");
            case TLS_PROTOCOLS -> "list of TLSv1.2 / TLSv1.3";
            case NAMES -> "`all` or names (list)";
            case ADDRESS_RANGE -> "`all`, `local` or IP address range";
            case HBA_TLS -> HbaTls.choices().replace(", ", " / ");
            case HBA_METHOD -> HbaMethod.choices().replace(", ", " / ");
        };
    }

    private static Boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> Boolean.TRUE;
            case "false", "off", "no", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false, got '" + raw + "'");
        };
    }

    private static List<String> parseNameList(String raw) {
        return splitList(raw);
    }

    private static String parseTlsProtocols(String raw) {
        List<String> versions = splitList(raw);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("must name at least one TLS version (TLSv1.2, TLSv1.3)");
        }
        for (String version : versions) {
            if (!TLS_VERSIONS.contains(version)) {
                throw new IllegalArgumentException("unknown or insecure TLS version '" + version
                        + "' (expected: TLSv1.2, TLSv1.3)");
            }
        }
        return String.join(",", versions);
    }

    private static String parseNames(String raw) {
        List<String> names = splitList(raw);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("must not be empty (write all, a name, or a list of names)");
        }
        if (names.size() > 1 && names.contains("all")) {
            throw new IllegalArgumentException("'all' cannot be combined with names, got '" + raw + "'");
        }
        return String.join(",", names);
    }

    /** Splits {@code a, b,c} into trimmed items; empty items are dropped. */
    static List<String> splitList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
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
