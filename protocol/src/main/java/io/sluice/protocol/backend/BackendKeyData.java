package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

/**
 * BackendKeyData ('K'): the key a client needs to cancel its queries (protocol 3.0 layout, 4-byte secret).
 *
 * @param processId the backend's process id
 * @param secretKey the cancel secret
 */
public record BackendKeyData(int processId, int secretKey) {

    /**
     * Reads the frame.
     *
     * @throws ProtocolException if the body is not 8 bytes
     */
    public static BackendKeyData read(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.BACKEND_KEY_DATA, "BackendKeyData");
        if (body.readableBytes() != 8) {
            throw new ProtocolException("BackendKeyData body length: " + body.readableBytes() + " (expected: 8)");
        }
        return new BackendKeyData(body.readInt(), body.readInt());
    }

    /** Writes the frame. */
    public ByteBuf write(ByteBufAllocator alloc) {
        return writeTo(alloc.buffer(13));
    }

    /** Appends this BackendKeyData to {@code out}; returns {@code out}. */
    public ByteBuf writeTo(ByteBuf out) {
        int at = FrameWriter.begin(out, BackendTag.BACKEND_KEY_DATA);
        out.writeInt(processId).writeInt(secretKey);
        FrameWriter.end(out, at);
        return out;
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + ", secretKey=<hidden>]";
    }
}
