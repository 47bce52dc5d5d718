package io.sluice.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parsed values of one section or entry. A setting absent from the file, or whose value was wrong (a
 * problem already recorded), reads as its parsed default, so binding can go on and find further problems.
 */
final class Values {

    private final Map<Setting, Object> values = new HashMap<>();

    void put(Setting setting, Object value) {
        values.put(setting, value);
    }

    String string(Setting setting) {
        return required(setting, String.class);
    }

    int integer(Setting setting) {
        return required(setting, Integer.class);
    }

    long size(Setting setting) {
        return required(setting, Long.class);
    }

    Duration duration(Setting setting) {
        return required(setting, Duration.class);
    }

    @SuppressWarnings("unchecked")
    List<String> names(Setting setting) {
        return required(setting, List.class);
    }

    <T> T required(Setting setting, Class<T> type) {
        return optional(setting, type).orElseThrow(
                () -> new IllegalStateException(setting.key() + ": no value and no default"));
    }

    <T> Optional<T> optional(Setting setting, Class<T> type) {
        Object value = values.get(setting);
        if (value == null && setting.defaultValue() != null) {
            value = setting.parse(setting.defaultValue());
        }
        return Optional.ofNullable(value).map(type::cast);
    }

    OptionalInt optionalInt(Setting setting) {
        Optional<Integer> value = optional(setting, Integer.class);
        return value.isPresent() ? OptionalInt.of(value.get()) : OptionalInt.empty();
    }
}
