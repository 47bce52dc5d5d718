package io.sluice.proxy.server;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The settings a client's session must have on any server it is given (startup settings, what it SET since, what
 * the welcome reported), with a fingerprint that changes with them. A server remembers the fingerprint it last
 * matched, so handing it to a client whose settings are the same costs one string comparison instead of a walk
 * over every setting. Names compare case-insensitively, like PostgreSQL's.
 *
 * <p>Not thread-safe: touched by the loop that owns the client's current exchange.
 */
public final class ClientSettings {

    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** Null once a value changed, computed again when asked for. */
    private String fingerprint;

    public ClientSettings(Map<String, String> initial) {
        values.putAll(initial);
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean containsKey(String name) {
        return values.containsKey(name);
    }

    public void forEach(BiConsumer<String, String> action) {
        values.forEach(action);
    }

    public void put(String name, String value) {
        if (!value.equals(values.put(name, value))) {
            fingerprint = null;
        }
    }

    public void putIfAbsent(String name, String value) {
        if (values.putIfAbsent(name, value) == null) {
            fingerprint = null;
        }
    }

    /** Replaces every setting with {@code settings}. */
    public void resetTo(Map<String, String> settings) {
        values.clear();
        values.putAll(settings);
        fingerprint = null;
    }

    public void replaceAll(BiFunction<String, String, String> function) {
        values.replaceAll(function);
        fingerprint = null;
    }

    /** A read-only view. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Equal for two clients exactly when their settings are equal (names compared case-insensitively). */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            StringBuilder sb = new StringBuilder();
            values.forEach((name, value) -> sb.append(name.toLowerCase(Locale.ROOT)).append('\0').append(value)
                    .append('\0'));
            // Interned: clients with the same settings (most of a fleet) share one copy, which a server's
            // matchedSettings then compares by identity.
            f = sb.toString().intern();
            fingerprint = f;
        }
        return f;
    }
}
