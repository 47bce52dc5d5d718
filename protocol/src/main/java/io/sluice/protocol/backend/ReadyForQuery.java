package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

/** ReadyForQuery ('Z'): the end of a request, with the transaction status that decides pool release. */
public final class ReadyForQuery {

    private ReadyForQuery() {
    }

    /**
     * Reads the transaction status.
     *
     * @throws io.sluice.protocol.ProtocolException if the body is not exactly one known status byte
     */
    public static TransactionStatus status(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.READY_FOR_QUERY, "ReadyForQuery");
        Frames.require(body, 1, "ReadyForQuery");
        TransactionStatus status = TransactionStatus.of(body.readByte());
        Frames.requireEnd(body, "ReadyForQuery");
        return status;
    }

    /** Writes a ReadyForQuery. */
    public static ByteBuf write(ByteBufAllocator alloc, TransactionStatus status) {
        ByteBuf out = alloc.buffer(6);
        int at = FrameWriter.begin(out, BackendTag.READY_FOR_QUERY);
        out.writeByte(status.code());
        FrameWriter.end(out, at);
        return out;
    }
}
