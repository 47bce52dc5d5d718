package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
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
        return parse(type, value, noun, ConfigNames::of);
    }

    /** As {@link #parse(Class, String, String)}, for an enum whose names are spelled by {@code name}. */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String noun, Function<E, String> name) {
        for (E constant : type.getEnumConstants()) {
            if (name.apply(constant).equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + noun + " '" + value + "' (expected one of: "
                + choices(type, name) + ')');
    }

    /** The accepted names, comma-separated, in declaration order. */
    static <E extends Enum<E>> String choices(Class<E> type) {
        return choices(type, ConfigNames::of);
    }

    /** As {@link #choices(Class)}, for an enum whose names are spelled by {@code name}. */
    static <E extends Enum<E>> String choices(Class<E> type, Function<E, String> name) {
        return Arrays.stream(type.getEnumConstants()).map(name).collect(Collectors.joining(", "));
    }
}
