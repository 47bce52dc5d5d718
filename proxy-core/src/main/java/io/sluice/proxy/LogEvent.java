package io.sluice.proxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One logged event with named fields (connection id, database, user, client address, reason), passed as the single
 * parameter of a log record so that a text formatter prints {@code client login id=12 db=app user=bob
 * addr=10.0.0.5:50122} and a JSON formatter prints the fields as JSON members. Never holds a password or secret.
 */
public final class LogEvent {

    private final String event;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private LogEvent(String event) {
        this.event = event;
    }

    /** An event such as {@code client login}, {@code client disconnect}, {@code reload}. */
    public static LogEvent of(String event) {
        return new LogEvent(event);
    }

    /** Adds a field; a {@code null} value is left out. */
    public LogEvent with(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    public String event() {
        return event;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** {@code event key=value key="value with spaces"}. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(event);
        fields.forEach((name, value) -> {
            String text = String.valueOf(value);
            line.append(' ').append(name).append('=');
            if (text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
                line.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                line.append(text);
            }
        });
        return line.toString();
    }
}
