package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;

/**
 * Describe ('D'): asks for the description of a prepared statement or a portal. The whole message is a kind byte and a name, so a rename
 * writes a new frame; there is nothing to keep.
 */
public final class Describe {

    /** Kind byte: a prepared statement. */
    public static final byte STATEMENT = TargetedMessage.STATEMENT;
    /** Kind byte: a portal. */
    public static final byte PORTAL = TargetedMessage.PORTAL;

    private Describe() {
    }

    /**
     * Reads the kind: {@link #STATEMENT} or {@link #PORTAL}.
     *
     * @throws io.sluice.protocol.ProtocolException for any other byte
     */
    public static byte kind(ByteBuf frame) {
        return TargetedMessage.kind(frame, FrontendTag.DESCRIBE, "Describe");
    }

    /** Reads the statement or portal name (empty = unnamed). */
    public static String name(ByteBuf frame) {
        return TargetedMessage.name(frame, FrontendTag.DESCRIBE, "Describe");
    }

    /**
     * Returns the same message naming {@code newName}. Does not release {@code frame}; the caller owns both.
     */
    public static ByteBuf withName(ByteBuf frame, String newName, ByteBufAllocator alloc) {
        return write(alloc, kind(frame), newName);
    }

    /** Writes the message; the caller owns the returned buffer. */
    public static ByteBuf write(ByteBufAllocator alloc, byte kind, String name) {
        return TargetedMessage.write(alloc, FrontendTag.DESCRIBE, kind, name);
    }
}
