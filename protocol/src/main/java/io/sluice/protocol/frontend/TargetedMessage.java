package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;

/** The shared layout of Describe and Close: a kind byte ('S' statement, 'P' portal) and a name. */
final class TargetedMessage {

    /** Kind byte: a prepared statement. */
    static final byte STATEMENT = 'S';
    /** Kind byte: a portal. */
    static final byte PORTAL = 'P';

    private TargetedMessage() {
    }

    static byte kind(ByteBuf frame, byte tag, String what) {
        int at = Frames.bodyStart(frame, tag, what);
        if (frame.writerIndex() - at < 1) {
            throw new ProtocolException(what + " remaining bytes: 0 (expected: >= 1)");
        }
        byte kind = frame.getByte(at);
        if (kind != STATEMENT && kind != PORTAL) {
            throw new ProtocolException(what + " kind: " + Tags.describe(kind) + " (expected: 'S' or 'P')");
        }
        return kind;
    }

    /** Read in place: no slice of the frame is made (a Close of a statement is answered per transaction by some). */
    static String name(ByteBuf frame, byte tag, String what) {
        kind(frame, tag, what);
        int start = Frames.bodyStart(frame, tag, what) + 1;
        int end = Frames.cStringEnd(frame, start);
        int trailing = frame.writerIndex() - end - 1;
        if (trailing != 0) {
            throw new ProtocolException(what + " trailing bytes: " + trailing + " (expected: 0)");
        }
        return frame.toString(start, end - start, StandardCharsets.UTF_8);
    }

    static ByteBuf write(ByteBufAllocator alloc, byte tag, byte kind, String name) {
        if (kind != STATEMENT && kind != PORTAL) {
            throw new IllegalArgumentException("kind: " + Tags.describe(kind) + " (expected: 'S' or 'P')");
        }
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, tag);
        out.writeByte(kind);
        Frames.writeCString(out, name);
        FrameWriter.end(out, at);
        return out;
    }
}
