package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Joins the part of a message a decoder has left unread with the next read, copying no more than those two.
 *
 * <p>Netty's default ({@link ByteToMessageDecoder#MERGE_CUMULATOR}) appends the read to the buffer the leftover lies
 * in whenever no slice of that buffer is still held elsewhere, growing it, bytes already read included, until the
 * decoder's next discard. Under a bulk upload ({@code COPY FROM}: small messages, each read of up to 64 KiB ending
 * inside one) that buffer grew read after read, and every growth allocated, zeroed and filled a larger one: a 100 MB
 * copy took 1.0-5.8 s through Sluice under epoll (0.9-6.3 s of its CPU), against 0.7 s direct. Here a read is
 * appended only when it fits in the room the buffer already has; otherwise the leftover and the read are copied into
 * a new buffer of just their size, so the work per read is bounded by the read: 0.65-1.2 s (0.2-1.2 s of CPU).
 */
enum CarryOverCumulator implements ByteToMessageDecoder.Cumulator {
    INSTANCE;

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() && in.isContiguous()) {
            // Nothing left over: the read itself becomes the cumulation, uncopied.
            cumulation.release();
            return in;
        }
        try {
            int incoming = in.readableBytes();
            // In place even while slices of the buffer are out (forwarded, not yet written): they cover bytes
            // before its writer index, and this writes after it, as Netty's own cumulator does.
            if (incoming <= cumulation.maxFastWritableBytes() && !cumulation.isReadOnly()) {
                cumulation.writeBytes(in, in.readerIndex(), incoming);
                in.readerIndex(in.writerIndex());
                return cumulation;
            }
            int leftover = cumulation.readableBytes();
            ByteBuf joined = alloc.buffer(leftover + incoming);
            try {
                joined.writeBytes(cumulation, cumulation.readerIndex(), leftover)
                        .writeBytes(in, in.readerIndex(), incoming);
            } catch (RuntimeException | Error e) {
                joined.release();
                throw e;
            }
            in.readerIndex(in.writerIndex());
            cumulation.release();
            return joined;
        } finally {
            in.release();
        }
    }
}
