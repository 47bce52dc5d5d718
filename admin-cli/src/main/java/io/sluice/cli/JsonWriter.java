package io.sluice.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes console answers as JSON for scripts ({@code sluice admin --json}): a result is an array with one object
 * per row, keyed by column name; numbers are JSON numbers, NULL is {@code null}, everything else a string. No
 * library: the output is this small.
 */
final class JsonWriter {

    /** What JSON accepts as a number; PostgreSQL's numeric may also print {@code NaN} or {@code Infinity}. */
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private JsonWriter() {
    }

    /** The rows as an array of objects, one row per line. */
    static String rows(ResultTable table) {
        if (table.rows().isEmpty()) {
            return "[]";
        }
        StringBuilder json = new StringBuilder("[\n");
        for (int r = 0; r < table.rows().size(); r++) {
            List<String> row = table.rows().get(r);
            json.append("  {");
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    json.append(", ");
                }
                string(json, table.columns().get(c)).append(": ");
                value(json, row.get(c), table.numeric().get(c));
            }
            json.append(r + 1 < table.rows().size() ? "},\n" : "}\n");
        }
        return json.append(']').toString();
    }

    /** An object of string fields and string arrays, in the map's order. */
    static String object(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (var field : fields.entrySet()) {
            if (!first) {
                json.append(", ");
            }
            first = false;
            string(json, field.getKey()).append(": ");
            if (field.getValue() instanceof List<?> list) {
                json.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        json.append(", ");
                    }
                    string(json, String.valueOf(list.get(i)));
                }
                json.append(']');
            } else if (field.getValue() == null) {
                json.append("null");
            } else {
                string(json, String.valueOf(field.getValue()));
            }
        }
        return json.append('}').toString();
    }

    private static void value(StringBuilder json, String value, boolean numeric) {
        if (value == null) {
            json.append("null");
        } else if (numeric && NUMBER.matcher(value).matches()) {
            json.append(value);
        } else {
            string(json, value);
        }
    }

    /** A JSON string literal (RFC 8259 section 7): quote, backslash and control characters escaped. */
    static StringBuilder string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
