package io.sluice.protocol.backend;

import static java.util.Objects.requireNonNull;

/**
 * One column of a result set Sluice answers itself.
 *
 * @param name the column name the client sees
 * @param type its type
 */
public record Column(String name, ColumnType type) {

    public Column {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }

    public static Column text(String name) {
        return new Column(name, ColumnType.TEXT);
    }

    public static Column int4(String name) {
        return new Column(name, ColumnType.INT4);
    }

    public static Column int8(String name) {
        return new Column(name, ColumnType.INT8);
    }

    public static Column numeric(String name) {
        return new Column(name, ColumnType.NUMERIC);
    }
}
