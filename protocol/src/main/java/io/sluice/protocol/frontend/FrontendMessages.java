package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;

/** Writers of the bodiless client messages the proxy sends on its own. The caller owns the returned buffers. */
public final class FrontendMessages {

    private FrontendMessages() {
    }

    /** Terminate ('X'): tells the server to end the session before the proxy closes the socket. */
    public static ByteBuf terminate(ByteBufAllocator alloc) {
        return empty(alloc, FrontendTag.TERMINATE);
    }

    /** Sync ('S'). */
    public static ByteBuf sync(ByteBufAllocator alloc) {
        return empty(alloc, FrontendTag.SYNC);
    }

    /** Flush ('H'). */
    public static ByteBuf flush(ByteBufAllocator alloc) {
        return empty(alloc, FrontendTag.FLUSH);
    }

    private static ByteBuf empty(ByteBufAllocator alloc, byte tag) {
        return alloc.buffer(5).writeByte(tag).writeInt(4);
    }
}
