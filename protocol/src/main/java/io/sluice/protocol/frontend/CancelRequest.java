package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.ProtocolException;

/**
 * The CancelRequest packet (protocol 3.0 layout: 16 bytes), sent on a new connection instead of a startup.
 *
 * @param processId the process id from BackendKeyData
 * @param secretKey the secret key from BackendKeyData
 * @see <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS">
 *     Canceling Requests in Progress</a>
 */
public record CancelRequest(int processId, int secretKey) {

    /** The packet length: length, code, process id, secret key. */
    public static final int LENGTH = 16;

    /**
     * Reads a whole CancelRequest packet, length included.
     *
     * @throws ProtocolException if it is not 16 bytes or its code is not the cancel code
     */
    public static CancelRequest read(ByteBuf packet) {
        int at = packet.readerIndex();
        if (packet.readableBytes() != LENGTH || packet.getInt(at) != LENGTH) {
            throw new ProtocolException("cancel request length: " + packet.readableBytes() + " (expected: 16)");
        }
        int code = packet.getInt(at + 4);
        if (code != StartupMessage.CANCEL_REQUEST_CODE) {
            throw new ProtocolException(
                    "cancel request code: " + code + " (expected: " + StartupMessage.CANCEL_REQUEST_CODE + ")");
        }
        return new CancelRequest(packet.getInt(at + 8), packet.getInt(at + 12));
    }

    /** Writes the packet; the caller owns the returned buffer. */
    public ByteBuf write(ByteBufAllocator alloc) {
        return alloc.buffer(LENGTH)
                .writeInt(LENGTH)
                .writeInt(StartupMessage.CANCEL_REQUEST_CODE)
                .writeInt(processId)
                .writeInt(secretKey);
    }

    /** Keeps the secret out of logs. */
    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + ", secretKey=<hidden>]";
    }
}
