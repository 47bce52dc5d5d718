package io.sluice.proxy.server;

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
 * <p>Copy on write: once {@link #share shared}, the map may be other clients' too, and the first change copies it.
 *
 * <p>Not thread-safe: touched by the loop that owns the client's current exchange.
 */
public final class ClientSettings {

    /** Case-insensitive; never changed while {@link #shared}. */
    private Map<String, String> values;
    private boolean shared;
    /** Null once a value changed, computed again when asked for. */
    private String fingerprint;

    public ClientSettings(Map<String, String> initial) {
        values = copyOf(initial);
    }

    private ClientSettings() {
    }

    /**
     * Settings that start as {@code initial} itself, a case-insensitive map that nobody changes again (a pool's
     * shared startup settings): copied only when one of them changes, so a login makes no copy.
     */
    public static ClientSettings sharing(Map<String, String> initial) {
        ClientSettings settings = new ClientSettings();
        settings.values = initial;
        settings.shared = true;
        return settings;
    }

    /** Whether these settings are {@code map} itself, not merely equal to it: a cache's cheap test. */
    public boolean isBackedBy(Map<String, String> map) {
        return values == map;
    }

    /** The settings as they are now, for others to {@link #adopt}: never changed again (later changes copy). */
    public Map<String, String> freeze() {
        shared = true;
        return values;
    }

    /**
     * Takes {@code frozen} (from {@link #freeze}), which must equal what these settings would have become, and its
     * {@code fingerprint}: what a login repeats for each client with the same settings is done once.
     */
    public void adopt(Map<String, String> frozen, String fingerprint) {
        values = frozen;
        shared = true;
        this.fingerprint = fingerprint;
    }

    private static Map<String, String> copyOf(Map<String, String> settings) {
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(settings);
        return copy;
    }

    /** The map to change: the client's own, copied first if it is shared. */
    private Map<String, String> writable() {
        if (shared) {
            values = copyOf(values);
            shared = false;
        }
        return values;
    }

    /**
     * Keeps an equal map of {@code pool}'s instead of this client's own, or offers this one to the next client: call
     * once the settings are complete (after the welcome), as most clients never change them after.
     */
    public void share(SharedSettings pool) {
        values = pool.share(values);
        shared = true;
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
        if (!value.equals(values.get(name))) {
            writable().put(name, value);
            fingerprint = null;
        }
    }

    public void putIfAbsent(String name, String value) {
        if (!values.containsKey(name)) {
            writable().put(name, value);
            fingerprint = null;
        }
    }

    /** Replaces every setting with {@code settings}. */
    public void resetTo(Map<String, String> settings) {
        values = copyOf(settings);
        shared = false;
        fingerprint = null;
    }

    /** Replaces each value with {@code function}'s result, called once per setting; copies only if one changes. */
    public void replaceAll(BiFunction<String, String, String> function) {
        Map<String, String> replaced = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.forEach((name, value) -> replaced.put(name, function.apply(name, value)));
        if (!replaced.equals(values)) {
            values = replaced;
            shared = false;
            fingerprint = null;
        }
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
