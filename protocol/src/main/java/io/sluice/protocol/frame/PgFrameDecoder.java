package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;

import java.util.List;

/**
 * Cuts typed messages (1-byte tag, int32 length that counts itself, body) out of the byte stream.
 *
 * <p>A message that is fully buffered is emitted as a retained slice of the whole message, header included:
 * nothing is copied and the body is never parsed, so it can be forwarded as is (protocol docs, "Messaging
 * Overview": the length lets a reader skip a message without understanding it).
 *
 * <p>Messages whose tag is listed in {@code streamedTags} and whose size exceeds {@code chunkThreshold} are
 * emitted as {@link FrameChunk}s as their bytes arrive, so a 500 MB {@code DataRow} or {@code CopyData}
 * crosses the proxy holding about one read's worth of heap (PgBouncer decides at the header and streams the
 * rest the same way, {@code sbuf.h}). Any other message longer than {@code maxMessageSize} is refused before
 * it is buffered.
 *
 * <p>Owned by its channel's event loop, like every {@link ByteToMessageDecoder}; not sharable.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

    /** Tag byte plus int32 length. */
    public static final int HEADER_LENGTH = 5;

    private final int maxMessageSize;
    private String streamedTags;
    private final int chunkThreshold;
    /** The tags that may arrive at all; null for any. */
    private String acceptedTags;

    /** Bytes of the message being streamed still to come; 0 when not streaming. */
    private long streamRemaining;
    private byte streamTag;
    private int streamLength;

    /**
     * Creates a decoder.
     *
     * @param maxMessageSize the largest message buffered whole, header included, in bytes
     * @param streamedTags the tags that may be streamed in chunks, e.g. {@code "dD"} (CopyData, DataRow)
     *     from servers; empty for none
     * @param chunkThreshold messages of these tags larger than this (header included) are streamed when not
     *     yet fully buffered
     */
    public PgFrameDecoder(int maxMessageSize, String streamedTags, int chunkThreshold) {
        if (maxMessageSize < HEADER_LENGTH) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize + " (expected: >= 5)");
        }
        if (chunkThreshold < HEADER_LENGTH) {
            throw new IllegalArgumentException("chunkThreshold: " + chunkThreshold + " (expected: >= 5)");
        }
        this.maxMessageSize = maxMessageSize;
        this.streamedTags = streamedTags;
        this.chunkThreshold = chunkThreshold;
    }

    /**
     * Changes which tags may be streamed from the next message on. The proxy stops streaming {@code Bind} when it
     * tracks prepared statements, since it must rename the statement a Bind names.
     */
    public void streamedTags(String tags) {
        this.streamedTags = tags;
    }

    /**
     * Restricts which tags may arrive from the next message on; {@code null} accepts any. A message of another tag is
     * refused at its header, before its body is buffered, so a bogus length cannot make the proxy wait for or hold
     * up to {@code max_packet_size} of it.
     */
    public void acceptedTags(String tags) {
        this.acceptedTags = tags;
    }

    /** Returns whether a message is being streamed, i.e. its last chunk has not been emitted yet. */
    public boolean streaming() {
        return streamRemaining > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (streamRemaining > 0) {
                emitNextChunk(in, out);
                continue;
            }
            if (in.readableBytes() < HEADER_LENGTH) {
                return;
            }
            int start = in.readerIndex();
            byte tag = in.getByte(start);
            int length = in.getInt(start + 1);
            if (acceptedTags != null && acceptedTags.indexOf(tag & 0xff) < 0) {
                throw new ProtocolException("message type: " + Tags.describe(tag) + " (expected one of "
                        + acceptedTags + ")");
            }
            if (length < 4) {
                throw new ProtocolException("message length: " + length + " (expected: >= 4)");
            }
            // The total is one more than the length field; as a long so that 2^31 - 1 cannot overflow.
            long total = length + 1L;
            boolean streamable = total > chunkThreshold && streamedTags.indexOf(tag & 0xff) >= 0;
            if (in.readableBytes() >= total) {
                if (!streamable && total > maxMessageSize) {
                    throw tooLong(tag, total);
                }
                out.add(in.retainedSlice(start, (int) total));
                in.skipBytes((int) total);
            } else if (streamable) {
                streamTag = tag;
                streamLength = length;
                int available = in.readableBytes();
                streamRemaining = total - available;
                out.add(new FrameChunk(in.readRetainedSlice(available), tag, length, true, false));
            } else if (total > maxMessageSize) {
                // Refuse at the header: waiting for the body would buffer what the limit exists to prevent.
                throw tooLong(tag, total);
            } else {
                return;
            }
        }
    }

    /**
     * At the end of input: a client that half-closes its socket inside a message (a truncated body) is refused while
     * it can still read the answer. After a full close nothing can be answered, and nothing is thrown.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (ctx.channel().isActive() && (in.isReadable() || streaming())) {
            String what = streaming() ? streamRemaining + " bytes of it missing"
                    : in.readableBytes() + " bytes of it received";
            in.skipBytes(in.readableBytes());
            streamRemaining = 0;
            throw new ProtocolException("input closed inside a message (" + what + ")");
        }
    }

    private void emitNextChunk(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(in.readableBytes(), streamRemaining);
        streamRemaining -= n;
        out.add(new FrameChunk(in.readRetainedSlice(n), streamTag, streamLength, false, streamRemaining == 0));
    }

    private ProtocolException tooLong(byte tag, long total) {
        return new ProtocolException("message length: " + total + " (expected: <= " + maxMessageSize
                + ", governed by max_packet_size)" + " in message " + Tags.describe(tag));
    }
}
