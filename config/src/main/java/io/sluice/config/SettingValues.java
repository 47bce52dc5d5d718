package io.sluice.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and replaces the value of one global setting ({@code section.name}) in a {@link SluiceConfig}, for
 * {@code SHOW CONFIG} and the admin console's {@code SET}. Each section is a record whose accessor on
 * {@link SluiceConfig} is the section's name, and whose components are the section's settings in camel case
 * ({@code pool.query_wait_timeout} is {@code pool().queryWaitTimeout()}), so the settings table alone says
 * what exists.
 */
public final class SettingValues {

    private SettingValues() {
    }

    /** The settings {@code SHOW CONFIG} lists and {@code SET} may change: one value each, not per entry. */
    public static List<Setting> global() {
        return Settings.all().stream().filter(s -> !s.perEntry()).toList();
    }

    /** The setting's current value, written as in YAML; secrets are masked. */
    public static String show(SluiceConfig config, Setting setting) {
        Object value = read(config, setting);
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
        }
        if (setting.type() == SettingType.SECRET) {
            return value == null ? "" : "********";
        }
        if (setting.type() == SettingType.SIZE && value instanceof Number bytes) {
            return Units.formatSize(bytes.longValue());
        }
        return format(value);
    }

    /** A value as the configuration file would write it. */
    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(SettingValues::format).orElse("");
        }
        if (value instanceof Duration d) {
            return Units.formatDuration(d);
        }
        if (value instanceof List<?> names) {
            return String.join(",", names.stream().map(Object::toString).toList());
        }
        if (value instanceof Enum<?> choice) {
            // The configuration's own spelling (scram-sha-256, verify-full), as each choice enum writes it.
            try {
                return String.valueOf(choice.getClass().getMethod("configName").invoke(choice));
            } catch (ReflectiveOperationException e) {
                return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }
        return value.toString();
    }

    /**
     * A copy of {@code config} with {@code setting} set to {@code raw}, parsed and range-checked as in the file.
     *
     * @throws IllegalArgumentException when the value does not parse or the setting is per entry
     */
    public static SluiceConfig with(SluiceConfig config, Setting setting, String raw) {
        if (setting.perEntry()) {
            throw new IllegalArgumentException(setting.key() + " is set per entry, not globally");
        }
        Object parsed = setting.parse(raw);
        Class<?> field = fieldType(config, setting);
        if (parsed instanceof Long size && setting.type() == SettingType.SIZE && field == int.class) {
            parsed = Math.toIntExact(size);
        } else if (field == Optional.class) {
            parsed = Optional.of(parsed);
        } else if (field == List.class && parsed instanceof String joined) {
            parsed = SettingType.splitList(joined);
        }
        Object section = sectionOf(config, setting);
        Object newSection = replace(section, camel(setting.name()), parsed);
        return (SluiceConfig) replace(config, camel(setting.section()), newSection);
    }

    /** Finds a global setting by its key ({@code pool.size}) or, when unambiguous, its bare name ({@code size}). */
    public static Optional<Setting> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<Setting> global = global();
        Optional<Setting> exact = global.stream().filter(s -> s.key().equals(wanted)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        List<Setting> byName = global.stream().filter(s -> s.name().equals(wanted)).toList();
        return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }

    private static Object read(SluiceConfig config, Setting setting) {
        Object section = sectionOf(config, setting);
        return accessor(section.getClass(), camel(setting.name())).map(c -> invoke(c, section)).orElseThrow(
                () -> new IllegalStateException("no record component for " + setting.key()));
    }

    private static Class<?> fieldType(SluiceConfig config, Setting setting) {
        return accessor(sectionOf(config, setting).getClass(), camel(setting.name()))
                .map(RecordComponent::getType).orElseThrow();
    }

    private static Object sectionOf(SluiceConfig config, Setting setting) {
        return accessor(SluiceConfig.class, camel(setting.section())).map(c -> invoke(c, config)).orElseThrow(
                () -> new IllegalStateException("no section record for " + setting.key()));
    }

    private static Optional<RecordComponent> accessor(Class<?> type, String name) {
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst();
    }

    private static Object invoke(RecordComponent component, Object target) {
        try {
            return component.getAccessor().invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the record {@code target} with component {@code name} replaced, through its constructor. */
    private static Object replace(Object target, String name, Object value) {
        RecordComponent[] components = target.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(name) ? value : invoke(components[i], target);
        }
        try {
            Constructor<?> constructor = target.getClass().getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
