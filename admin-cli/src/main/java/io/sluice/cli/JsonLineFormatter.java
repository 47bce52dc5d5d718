package io.sluice.cli;

import io.sluice.proxy.LogEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code process.log_format: json}: one JSON object per line, for log shippers. A Sluice event's fields become
 * members ({@code {"time":…,"level":"INFO","event":"client login","id":12,"db":"app",…}}); other records carry
 * their message; a thrown exception goes into {@code error}.
 */
final class JsonLineFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(192).append('{');
        member(json, "time", record.getInstant().toString());
        member(json, "level", OneLineFormatter.levelName(record.getLevel()));
        member(json, "logger", record.getLoggerName());
        Object[] params = record.getParameters();
        if (params != null && params.length == 1 && params[0] instanceof LogEvent event) {
            member(json, "event", event.event());
            for (Map.Entry<String, Object> field : event.fields().entrySet()) {
                Object value = field.getValue();
                if (value instanceof Number || value instanceof Boolean) {
                    json.append(",\"").append(escape(field.getKey())).append("\":").append(value);
                } else {
                    member(json, field.getKey(), String.valueOf(value));
                }
            }
        } else {
            member(json, "message", formatMessage(record));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            member(json, "error", trace.toString());
        }
        return json.append('}').append(System.lineSeparator()).toString();
    }

    private static void member(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(escape(name)).append("\":\"").append(escape(value)).append('"');
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
