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
        // Read in place: this runs for every transaction.
        int at = Frames.fixedBody(frame, BackendTag.READY_FOR_QUERY, 1, "ReadyForQuery");
        return TransactionStatus.of(frame.getByte(at));
    }

    /** Writes a ReadyForQuery. */
    public static ByteBuf write(ByteBufAllocator alloc, TransactionStatus status) {
        return writeTo(alloc.buffer(6), status);
    }

    /** Appends a ReadyForQuery to {@code out}; returns {@code out}. */
    public static ByteBuf writeTo(ByteBuf out, TransactionStatus status) {
        int at = FrameWriter.begin(out, BackendTag.READY_FOR_QUERY);
        out.writeByte(status.code());
        FrameWriter.end(out, at);
        return out;
    }
}
