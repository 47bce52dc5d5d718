package io.sluice.config;

import static java.util.Objects.requireNonNull;

/**
 * One declared setting: the single place its key, type, default, reloadability and documentation live.
 * Parsing, defaults, {@code SHOW CONFIG} and {@code docs/settings.md} all derive from these.
 *
 * @param key dotted key path; {@code *} stands for a database or user name ({@code databases.*.port})
 * @param type what values it takes
 * @param defaultValue {@code @Nullable}: the default as it would be written in YAML, or {@code null} when the
 *        setting is required, optional, or inherits from another (the {@code doc} says which)
 * @param reloadable whether a reload applies a change; {@code false} means it needs a restart
 * @param min inclusive lower bound of {@link SettingType#INTEGER} and {@link SettingType#SIZE} values
 * @param max inclusive upper bound of {@link SettingType#INTEGER} and {@link SettingType#SIZE} values
 * @param doc one line of Markdown for the settings reference
 */
public record Setting(String key, SettingType type, String defaultValue, boolean reloadable,
                      long min, long max, String doc) {

    public Setting {
        requireNonNull(key, "key");
        requireNonNull(type, "type");
        requireNonNull(doc, "doc");
        if (key.split("\\.").length < 2) {
            throw new IllegalArgumentException("key: " + key + " (expected: section.name)");
        }
        if (min > max) {
            throw new IllegalArgumentException(key + ": range " + min + ".." + max + " (expected: min <= max)");
        }
    }

    /** A setting without a numeric range. */
    static Setting of(String key, SettingType type, String defaultValue, boolean reloadable, String doc) {
        return new Setting(key, type, defaultValue, reloadable, Long.MIN_VALUE, Long.MAX_VALUE, doc);
    }

    /** The first segment of the key: {@code pool}, {@code databases}. */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    /** The last segment of the key: {@code size}, {@code pool_size}. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Whether the key has a {@code *} segment (one value per database or per user). */
    public boolean perEntry() {
        return key.contains(".*.");
    }

    /** The key without its last segment: {@code pool}, {@code databases.*}. */
    String parent() {
        return key.substring(0, key.lastIndexOf('.'));
    }

    /**
     * Parses a value as written in YAML.
     *
     * @throws IllegalArgumentException with a message that reads well after the key path
     */
    public Object parse(String raw) {
        return type.parse(this, raw);
    }

    /** The type as the settings reference shows it, with its range or choices. */
    public String typeDescription() {
        return type.describe(this);
    }

    /**
     * Checks a value a record was built with against this setting's range.
     *
     * @throws IllegalArgumentException {@code "pool.size: 0 (expected: 1..10000)"}
     */
    long requireInRange(long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: " + min + ".." + max + ')');
        }
        return value;
    }
}
