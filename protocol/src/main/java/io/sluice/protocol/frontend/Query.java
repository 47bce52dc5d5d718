package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

/** The simple-protocol Query ('Q'): one C string of SQL. Read only where the proxy must look at the text. */
public final class Query {

    private Query() {
    }

    /** Returns the SQL text of a Query frame. */
    public static String sql(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, FrontendTag.QUERY, "Query");
        String sql = Frames.readCString(body);
        Frames.requireEnd(body, "Query");
        return sql;
    }

    /** Writes a Query; the caller owns the returned buffer. */
    public static ByteBuf write(ByteBufAllocator alloc, String sql) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, FrontendTag.QUERY);
        Frames.writeCString(out, sql);
        FrameWriter.end(out, at);
        return out;
    }
}
