package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

import java.nio.charset.StandardCharsets;

/**
 * Bind ('B'): portal name, statement name, then parameter formats and values the proxy never reads. Only the
 * names are read, and a rename keeps the parameters as a slice of the original bytes (style rule 1).
 */
public final class Bind {

    private Bind() {
    }

    /** Reads the portal name (empty = unnamed portal). */
    public static String portal(ByteBuf frame) {
        return Frames.readCString(body(frame));
    }

    /** Reads the statement name (empty = unnamed statement). */
    public static String statement(ByteBuf frame) {
        // Read in place: this runs for every Bind of a tracked client.
        int portalEnd = Frames.cStringEnd(frame, Frames.bodyStart(frame, FrontendTag.BIND, "Bind"));
        int statementEnd = Frames.cStringEnd(frame, portalEnd + 1);
        return statementEnd == portalEnd + 1 ? ""
                : frame.toString(portalEnd + 1, statementEnd - portalEnd - 1, StandardCharsets.UTF_8);
    }

    /**
     * Returns the same Bind naming another statement: a new header, the original portal bytes and the new name,
     * followed by a retained slice of the untouched rest (formats and values are not copied).
     *
     * <p>Does not release {@code frame}; the caller still owns it and owns the returned buffer, which holds
     * its own reference to {@code frame}'s memory.
     */
    public static ByteBuf withStatement(ByteBuf frame, String newName, ByteBufAllocator alloc) {
        ByteBuf body = body(frame);
        int portalStart = body.readerIndex();
        int statementStart = Frames.skipCString(body);
        int restStart = Frames.skipCString(body);
        int restLength = body.writerIndex() - restStart;
        int portalLength = statementStart - portalStart;
        int newNameLength = newName.getBytes(StandardCharsets.UTF_8).length + 1;

        ByteBuf prefix = alloc.buffer(5 + portalLength + newNameLength);
        int at = FrameWriter.begin(prefix, FrontendTag.BIND);
        prefix.writeBytes(body, portalStart, portalLength);
        Frames.writeCString(prefix, newName);
        // The length counts the rest too, though the rest lives in another component.
        prefix.setInt(at, prefix.writerIndex() - at + restLength);
        CompositeByteBuf out = alloc.compositeBuffer(2);
        out.addComponents(true, prefix, body.retainedSlice(restStart, restLength));
        return out;
    }

    private static ByteBuf body(ByteBuf frame) {
        return Frames.body(frame, FrontendTag.BIND, "Bind");
    }
}
