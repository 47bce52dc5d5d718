package io.sluice.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ResultTable} as aligned text, the way {@code psql} lays out a result: a header, a rule, one line
 * per row, numbers right-aligned, and a row count. NULL is written as an empty cell.
 */
final class TextTable {

    private static final String GAP = " | ";

    private TextTable() {
    }

    /** The table's lines, without line endings. */
    static List<String> lines(ResultTable table) {
        int n = table.columns().size();
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = table.columns().get(c).length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], cell(row.get(c)).length());
            }
        }
        List<String> lines = new ArrayList<>(table.rows().size() + 3);
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < n; c++) {
            if (c > 0) {
                header.append(GAP);
                rule.append("-+-");
            }
            pad(header, table.columns().get(c), widths[c], table.numeric().get(c));
            rule.append("-".repeat(widths[c]));
        }
        lines.add(stripEnd(header));
        lines.add(rule.toString());
        for (List<String> row : table.rows()) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < n; c++) {
                if (c > 0) {
                    line.append(GAP);
                }
                pad(line, cell(row.get(c)), widths[c], table.numeric().get(c));
            }
            lines.add(stripEnd(line));
        }
        int count = table.rows().size();
        lines.add("(" + count + (count == 1 ? " row)" : " rows)"));
        return lines;
    }

    /** What a cell shows: line breaks and tabs would break the alignment, so they are shown escaped. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static void pad(StringBuilder line, String text, int width, boolean right) {
        if (right) {
            line.append(" ".repeat(width - text.length())).append(text);
        } else {
            line.append(text).append(" ".repeat(width - text.length()));
        }
    }

    private static String stripEnd(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }
}
