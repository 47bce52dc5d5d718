package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;

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

    /**
     * Whether a Bind names a statement rather than the unnamed one, without decoding the name.
     *
     * @throws ProtocolException if the frame is not a Bind or its portal name is unterminated
     */
    public static boolean namesStatement(ByteBuf frame) {
        int statementStart = Frames.cStringEnd(frame, Frames.bodyStart(frame, FrontendTag.BIND, "Bind")) + 1;
        return statementStart < frame.writerIndex() && frame.getByte(statementStart) != 0;
    }

    /**
     * Whether the Bind of {@code total} bytes whose tag is at {@code start} in {@code buf} names a statement; read in
     * place, for a message {@link FrontendFrames#check(ByteBuf, int, int) checked} there.
     */
    public static boolean namesStatement(ByteBuf buf, int start, int total) {
        int end = start + total;
        int portalEnd = buf.indexOf(start + PgFrameDecoder.HEADER_LENGTH, end, (byte) 0);
        return portalEnd >= 0 && portalEnd + 1 < end && buf.getByte(portalEnd + 1) != 0;
    }

    /**
     * The index of the statement name's first byte; the name ends at the next NUL ({@link Frames#cStringEnd}), at
     * this index for the unnamed statement. For a lookup by bytes, which makes no {@code String}.
     */
    public static int statementStart(ByteBuf frame) {
        return Frames.cStringEnd(frame, Frames.bodyStart(frame, FrontendTag.BIND, "Bind")) + 1;
    }

    /** Reads the statement name (empty = unnamed statement). */
    public static String statement(ByteBuf frame) {
        int start = statementStart(frame);
        int end = Frames.cStringEnd(frame, start);
        return end == start ? "" : frame.toString(start, end - start, StandardCharsets.UTF_8);
    }

    /** Below this many bytes of formats and values, a renamed Bind is one copied buffer rather than a composite. */
    static final int COPY_BELOW = 4096;

    /**
     * Returns the same Bind naming another statement: a new header, the original portal bytes and the new name,
     * then the untouched rest (formats and values). A short rest is copied into one buffer (a composite costs more
     * to build and to write than copying a few hundred bytes); a long one is a retained slice, not copied.
     *
     * <p>Does not release {@code frame}; the caller still owns it and owns the returned buffer, which may hold
     * its own reference to {@code frame}'s memory.
     */
    public static ByteBuf withStatement(ByteBuf frame, String newName, ByteBufAllocator alloc) {
        return withStatement(frame, statementStart(frame), newName, alloc);
    }

    /** As {@link #withStatement(ByteBuf, String, ByteBufAllocator)}, where {@link #statementStart} is known. */
    public static ByteBuf withStatement(ByteBuf frame, int statementStart, String newName, ByteBufAllocator alloc) {
        int portalStart = frame.readerIndex() + PgFrameDecoder.HEADER_LENGTH;
        int restStart = Frames.cStringEnd(frame, statementStart) + 1;
        int restLength = frame.writerIndex() - restStart;
        int portalLength = statementStart - portalStart;
        int newNameLength = ByteBufUtil.utf8Bytes(newName) + 1;
        int headLength = 5 + portalLength + newNameLength;

        boolean copy = restLength < COPY_BELOW;
        ByteBuf head = alloc.buffer(copy ? headLength + restLength : headLength);
        int at = FrameWriter.begin(head, FrontendTag.BIND);
        head.writeBytes(frame, portalStart, portalLength);
        Frames.writeCString(head, newName);
        if (copy) {
            head.writeBytes(frame, restStart, restLength);
            FrameWriter.end(head, at);
            return head;
        }
        // The length counts the rest too, though the rest lives in another component.
        head.setInt(at, head.writerIndex() - at + restLength);
        CompositeByteBuf out = alloc.compositeBuffer(2);
        out.addComponents(true, head, frame.retainedSlice(restStart, restLength));
        return out;
    }

    private static ByteBuf body(ByteBuf frame) {
        return Frames.body(frame, FrontendTag.BIND, "Bind");
    }
}
