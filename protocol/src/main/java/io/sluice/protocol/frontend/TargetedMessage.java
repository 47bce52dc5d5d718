package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

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

    static String name(ByteBuf frame, byte tag, String what) {
        kind(frame, tag, what);
        ByteBuf body = Frames.body(frame);
        body.skipBytes(1);
        String name = Frames.readCString(body);
        Frames.requireEnd(body, what);
        return name;
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
