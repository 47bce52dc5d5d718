package io.sluice.proxy.server;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run-time parameters a PostgreSQL session reported with {@code ParameterStatus}, kept current as it reports
 * changes. Names compare without regard to case, as PostgreSQL's do ({@code DateStyle} = {@code datestyle}).
 *
 * <p>Owned by the server connection's event loop.
 */
public final class ServerParameters {

    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    void update(String name, String value) {
        values.put(name, value);
    }

    /** The value last reported for {@code name}, or {@code null} when PostgreSQL never reported it. */
    public String get(String name) {
        return values.get(name);
    }

    /** Every reported parameter, for the client's welcome. */
    public Map<String, String> all() {
        return Collections.unmodifiableMap(values);
    }
}
