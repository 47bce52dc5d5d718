package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.sluice.protocol.Tags;

/**
 * A piece of one large message that {@link PgFrameDecoder} streams instead of buffering.
 *
 * <p>The first chunk starts with the 5-byte header; the chunks' contents concatenated are the message exactly,
 * so forwarding each chunk in order forwards the message unchanged. Between the first and the last chunk of
 * a message no other message arrives from the same decoder.
 */
public final class FrameChunk extends DefaultByteBufHolder {

    private final byte tag;
    private final int messageLength;
    private final boolean first;
    private final boolean last;

    /**
     * Creates a chunk; takes ownership of {@code content}.
     *
     * @param tag the message's type byte
     * @param messageLength the message's int32 length field (body length plus 4)
     * @param first whether this chunk starts with the header
     * @param last whether this chunk ends the message
     */
    public FrameChunk(ByteBuf content, byte tag, int messageLength, boolean first, boolean last) {
        super(content);
        this.tag = tag;
        this.messageLength = messageLength;
        this.first = first;
        this.last = last;
    }

    /** Returns the message's type byte. */
    public byte tag() {
        return tag;
    }

    /** Returns the message's int32 length field; the whole message is {@code messageLength() + 1} bytes. */
    public int messageLength() {
        return messageLength;
    }

    /** Returns whether this chunk starts with the 5-byte header. */
    public boolean first() {
        return first;
    }

    /** Returns whether this chunk ends the message. */
    public boolean last() {
        return last;
    }

    @Override
    public FrameChunk copy() {
        return (FrameChunk) super.copy();
    }

    @Override
    public FrameChunk duplicate() {
        return (FrameChunk) super.duplicate();
    }

    @Override
    public FrameChunk retainedDuplicate() {
        return (FrameChunk) super.retainedDuplicate();
    }

    @Override
    public FrameChunk replace(ByteBuf content) {
        return new FrameChunk(content, tag, messageLength, first, last);
    }

    @Override
    public FrameChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public FrameChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FrameChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public FrameChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "FrameChunk(tag=" + Tags.describe(tag) + ", messageLength=" + messageLength
                + ", first=" + first + ", last=" + last + ", bytes=" + content().readableBytes() + ')';
    }
}
