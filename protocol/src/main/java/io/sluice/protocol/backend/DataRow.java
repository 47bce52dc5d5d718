package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DataRow ('D'): one row of a result, each column a length-prefixed value or NULL (length -1). The proxy forwards
 * rows untouched; it reads one only for its own queries (the {@code auth.query} lookup), in text format.
 */
public final class DataRow {

    private DataRow() {
    }

    /**
     * Reads the columns of a DataRow as UTF-8 text.
     *
     * @return the values in column order, {@code null} for SQL NULL
     * @throws ProtocolException if the column count or a length disagrees with the frame
     */
    public static List<String> read(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.DATA_ROW, "DataRow");
        Frames.require(body, 2, "DataRow column count");
        int count = body.readUnsignedShort();
        List<String> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Frames.require(body, 4, "DataRow column length");
            int length = body.readInt();
            if (length == -1) {
                columns.add(null);
                continue;
            }
            if (length < 0) {
                throw new ProtocolException("DataRow column " + i + " length: " + length + " (expected: >= -1)");
            }
            Frames.require(body, length, "DataRow column " + i);
            columns.add(body.toString(body.readerIndex(), length, StandardCharsets.UTF_8));
            body.skipBytes(length);
        }
        Frames.requireEnd(body, "DataRow");
        return Collections.unmodifiableList(columns);
    }

    /** Writes a DataRow of text values ({@code null} for NULL); the caller owns the returned buffer. */
    public static ByteBuf write(ByteBufAllocator alloc, List<String> columns) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, BackendTag.DATA_ROW);
        out.writeShort(columns.size());
        for (String column : columns) {
            if (column == null) {
                out.writeInt(-1);
            } else {
                byte[] bytes = column.getBytes(StandardCharsets.UTF_8);
                out.writeInt(bytes.length).writeBytes(bytes);
            }
        }
        FrameWriter.end(out, at);
        return out;
    }
}
