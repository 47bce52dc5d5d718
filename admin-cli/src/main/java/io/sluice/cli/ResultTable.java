package io.sluice.cli;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows the admin console answered, as text, with which columns hold numbers (int4, int8, numeric), so that tables
 * can right-align them and JSON can write them unquoted.
 *
 * @param columns the column names, in the server's order
 * @param numeric for each column, whether its type is a number
 * @param rows each row's values in column order; a value is {@code null} where the server sent NULL
 */
record ResultTable(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {

    ResultTable {
        requireNonNull(columns, "columns");
        requireNonNull(numeric, "numeric");
        requireNonNull(rows, "rows");
        if (numeric.size() != columns.size()) {
            throw new IllegalArgumentException("numeric: " + numeric.size() + " flags (expected: " + columns.size()
                    + ", one per column)");
        }
        columns = List.copyOf(columns);
        numeric = List.copyOf(numeric);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row: " + row.size() + " values (expected: " + columns.size()
                        + ")");
            }
            // List.copyOf rejects nulls, and NULL is a value here.
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** The index of a column, or -1 when the server did not send it (an older or newer console). */
    int indexOf(String column) {
        return columns.indexOf(column);
    }

    /** The value of {@code column} in row {@code row}, or {@code null} when the column or the value is absent. */
    String value(int row, String column) {
        int i = indexOf(column);
        return i < 0 ? null : rows.get(row).get(i);
    }

    /** The value of {@code column} in row {@code row} as a long, or {@code fallback} when absent or not a number. */
    long longValue(int row, String column, long fallback) {
        String text = value(row, column);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            try {
                // numeric columns (SHOW STATS*) may carry a fraction
                return new BigDecimal(text).longValue();
            } catch (NumberFormatException notANumber) {
                return fallback;
            }
        }
    }
}
