package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

/** CommandComplete ('C'): the command tag, e.g. {@code "INSERT 0 1"}, {@code "DISCARD ALL"}, {@code "LISTEN"}. */
public final class CommandComplete {

    private CommandComplete() {
    }

    /** Reads the command tag. */
    public static String tag(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.COMMAND_COMPLETE, "CommandComplete");
        String tag = Frames.readCString(body);
        Frames.requireEnd(body, "CommandComplete");
        return tag;
    }

    /** Writes the frame. */
    public static ByteBuf write(ByteBufAllocator alloc, String tag) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, BackendTag.COMMAND_COMPLETE);
        Frames.writeCString(out, tag);
        FrameWriter.end(out, at);
        return out;
    }
}
