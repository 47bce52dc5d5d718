package io.sluice.proxy.admin;

import io.sluice.protocol.backend.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A result set the console answers: columns, then rows of values in column order. */
public final class Table {

    private final List<Column> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(Column... columns) {
        this.columns = List.of(columns);
    }

    public Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Adds a row; values in column order, {@code null} for SQL NULL. */
    public Table row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values (expected: " + columns.size()
                    + ')');
        }
        rows.add(Arrays.asList(values));
        return this;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return rows;
    }
}
