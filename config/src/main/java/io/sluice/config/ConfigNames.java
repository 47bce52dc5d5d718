package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How enum constants are written in the configuration: lower case, {@code _} as {@code -} ({@code verify-full}). */
final class ConfigNames {

    private ConfigNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a configuration name, case-insensitively.
     *
     * @throws IllegalArgumentException {@code "unknown <noun> 'x' (expected one of: a, b)"}
     */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String noun) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + noun + " '" + value + "' (expected one of: "
                + choices(type) + ')');
    }

    /** The accepted names, comma-separated, in declaration order. */
    static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigNames::of).collect(Collectors.joining(", "));
    }
}
