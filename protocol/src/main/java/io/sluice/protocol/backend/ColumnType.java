package io.sluice.protocol.backend;

/**
 * The PostgreSQL types Sluice's own result sets use, with their type OIDs and sizes as {@code pg_type} has
 * them. Values are always sent in text format.
 */
public enum ColumnType {
    INT4(23, 4),
    INT8(20, 8),
    NUMERIC(1700, -1),
    TEXT(25, -1),
    BOOL(16, 1),
    TIMESTAMPTZ(1184, 8);

    private final int oid;
    private final int size;

    ColumnType(int oid, int size) {
        this.oid = oid;
        this.size = size;
    }

    /** The type's OID in {@code pg_type}. */
    public int oid() {
        return oid;
    }

    /** {@code typlen}: the fixed size in bytes, or -1 for variable-length types. */
    public int size() {
        return size;
    }
}
