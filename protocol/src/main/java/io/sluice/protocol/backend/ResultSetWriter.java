package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a whole result set in text format, as the simple query protocol returns it: RowDescription, one
 * DataRow per row, CommandComplete {@code SELECT n}. For Sluice's own answers (the admin console); never on the
 * forwarding path.
 */
public final class ResultSetWriter {

    private ResultSetWriter() {
    }

    /**
     * Writes the result set into one buffer.
     *
     * @param rows each row has one value per column; a {@code null} value is SQL NULL, anything else is sent as
     *        its {@code toString()}
     * @throws IllegalArgumentException when a row's width differs from the columns'
     */
    public static ByteBuf write(ByteBufAllocator alloc, List<Column> columns, List<? extends List<?>> rows) {
        ByteBuf out = alloc.buffer();
        try {
            writeRowDescription(out, columns);
            for (List<?> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row has " + row.size() + " values (expected: "
                            + columns.size() + ')');
                }
                writeDataRow(out, row);
            }
            int at = FrameWriter.begin(out, BackendTag.COMMAND_COMPLETE);
            Frames.writeCString(out, "SELECT " + rows.size());
            FrameWriter.end(out, at);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void writeRowDescription(ByteBuf out, List<Column> columns) {
        int at = FrameWriter.begin(out, BackendTag.ROW_DESCRIPTION);
        out.writeShort(columns.size());
        for (Column column : columns) {
            Frames.writeCString(out, column.name());
            out.writeInt(0);            // table OID: not a table column
            out.writeShort(0);          // attribute number
            out.writeInt(column.type().oid());
            out.writeShort(column.type().size());
            out.writeInt(-1);           // type modifier
            out.writeShort(0);          // text format
        }
        FrameWriter.end(out, at);
    }

    private static void writeDataRow(ByteBuf out, List<?> row) {
        int at = FrameWriter.begin(out, BackendTag.DATA_ROW);
        out.writeShort(row.size());
        for (Object value : row) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.writeBytes(bytes);
            }
        }
        FrameWriter.end(out, at);
    }
}
