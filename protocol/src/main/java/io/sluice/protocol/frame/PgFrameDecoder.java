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
 * <p>With a {@link Runs} consumer (a server's or a client's connection), complete messages that the consumer takes
 * unchanged are not emitted one by one: consecutive ones are handed to it as one retained slice, a <em>run</em>,
 * which it writes on as one buffer. Every other message is emitted alone, and decoding stops after each emission so
 * that the consumer has dealt with it before it is asked about the next message. A batch that went wholly into runs
 * passes nothing down the pipeline, so with auto-read off Netty asks for another read at its end, as after a
 * partial message: a consumer that stops reading by turning auto-read off must also drop those requests.
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

    /** Takes runs of complete messages; null to emit every message alone. */
    private Runs runs;

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
        setCumulator(CarryOverCumulator.INSTANCE);
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

    /**
     * Where consecutive messages go as one run, from the next message on; null to emit every message alone.
     */
    public void runs(Runs consumer) {
        this.runs = consumer;
    }

    /**
     * A consumer that takes runs of whole messages it passes on untouched.
     *
     * <p>Each complete message is offered to {@link #joins} in order. One that joins belongs to the consumer from
     * then on (it has done its bookkeeping for it); the first that does not ends the run, which is handed to
     * {@link #run} before that message is emitted through the pipeline.
     */
    public interface Runs {
        /**
         * Whether the message at {@code start} (tag, int32 length, body: {@code total} bytes in {@code in}) joins
         * the current run. True commits the consumer to forwarding it as part of the run.
         */
        boolean joins(ByteBuf in, int start, byte tag, int total);

        /** The messages that joined, in order, as one retained slice: ownership passes. */
        void run(ByteBuf messages);
    }

    /** Returns whether a message is being streamed, i.e. its last chunk has not been emitted yet. */
    public boolean streaming() {
        return streamRemaining > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (runs != null) {
            decodeOne(in, out);
            return;
        }
        while (in.isReadable()) {
            if (streamRemaining > 0) {
                emitNextChunk(in, out);
                continue;
            }
            if (in.readableBytes() < HEADER_LENGTH) {
                return;
            }
            if (!decodeAt(in, out)) {
                return;
            }
        }
    }

    /**
     * Run mode: hands the complete messages at the start of {@code in} that join to the consumer as one run, or
     * else emits the next message (or chunk). Either way it returns, so the pipeline deals with what was emitted
     * before the next message is looked at.
     */
    private void decodeOne(ByteBuf in, List<Object> out) {
        if (streamRemaining > 0) {
            emitNextChunk(in, out);
            return;
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        int at = start;
        while (end - at >= HEADER_LENGTH) {
            byte tag = in.getByte(at);
            int length = in.getInt(at + 1);
            // The total is one more than the length field; as a long so that 2^31 - 1 cannot overflow.
            long total = length + 1L;
            if (length < 4 || end - at < total || !wholeAllowed(tag, total)
                    || !runs.joins(in, at, tag, (int) total)) {
                break;
            }
            at += (int) total;
        }
        if (at > start) {
            runs.run(in.readRetainedSlice(at - start));
        } else {
            decodeAt(in, out);
        }
    }

    /** Whether a complete message of this tag and total size may be passed on whole. */
    private boolean wholeAllowed(byte tag, long total) {
        return (acceptedTags == null || acceptedTags.indexOf(tag & 0xff) >= 0)
                && (total <= maxMessageSize || total > chunkThreshold && streamedTags.indexOf(tag & 0xff) >= 0);
    }

    /**
     * Emits the message at the reader index whole, or its first chunk, when enough of it is here.
     *
     * @return false when more bytes must arrive first
     */
    private boolean decodeAt(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER_LENGTH) {
            return false;
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
            return false;
        }
        return true;
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
