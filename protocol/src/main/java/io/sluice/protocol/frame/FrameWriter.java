package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;

/**
 * Writes message headers whose length is only known once the body is written.
 *
 * <pre>{@code
 * int at = FrameWriter.begin(out, BackendTag.COMMAND_COMPLETE);
 * Frames.writeCString(out, "SELECT 1");
 * FrameWriter.end(out, at);
 * }</pre>
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /** Writes the tag and a length placeholder; returns the index of the length field for {@link #end}. */
    public static int begin(ByteBuf out, byte tag) {
        out.writeByte(tag);
        return beginUntyped(out);
    }

    /** Writes a length placeholder for an untyped startup-phase packet; returns its index for {@link #end}. */
    public static int beginUntyped(ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    /** Back-patches the length field: everything written from the length field on, itself included. */
    public static void end(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }
}
