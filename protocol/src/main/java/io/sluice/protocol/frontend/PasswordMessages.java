package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

/**
 * PasswordMessage, SASLInitialResponse and SASLResponse: three layouts behind one tag ('p'); which one a frame
 * is depends on the authentication request that preceded it, so the caller picks the reader.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL Authentication</a>
 */
public final class PasswordMessages {

    private PasswordMessages() {
    }

    /** Reads a PasswordMessage: a cleartext password or an MD5 response, as a C string. */
    public static String password(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, FrontendTag.PASSWORD, "PasswordMessage");
        String password = Frames.readCString(body);
        Frames.requireEnd(body, "PasswordMessage");
        return password;
    }

    /** Reads the mechanism name a SASLInitialResponse selected, e.g. {@code SCRAM-SHA-256}. */
    public static String saslMechanism(ByteBuf frame) {
        return Frames.readCString(Frames.body(frame, FrontendTag.PASSWORD, "SASLInitialResponse"));
    }

    /**
     * Reads the initial client response of a SASLInitialResponse (after the mechanism: int32 length, then the
     * bytes). A length of -1 (no initial response) reads as an empty array, which SCRAM rejects as malformed.
     *
     * @throws ProtocolException if the length disagrees with the frame
     */
    public static byte[] saslInitialData(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, FrontendTag.PASSWORD, "SASLInitialResponse");
        Frames.skipCString(body);
        Frames.require(body, 4, "SASLInitialResponse");
        int length = body.readInt();
        if (length == -1) {
            Frames.requireEnd(body, "SASLInitialResponse");
            return new byte[0];
        }
        if (length < 0 || length != body.readableBytes()) {
            throw new ProtocolException("SASLInitialResponse data length: " + length
                    + " (expected: -1 or " + body.readableBytes() + ")");
        }
        byte[] data = new byte[length];
        body.readBytes(data);
        return data;
    }

    /** Reads the data of a SASLResponse: the whole body. */
    public static byte[] saslResponseData(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, FrontendTag.PASSWORD, "SASLResponse");
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return data;
    }

    /** Writes a PasswordMessage; the caller owns the returned buffer. */
    public static ByteBuf writePassword(ByteBufAllocator alloc, String password) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, FrontendTag.PASSWORD);
        Frames.writeCString(out, password);
        FrameWriter.end(out, at);
        return out;
    }

    /** Writes a SASLInitialResponse; the caller owns the returned buffer. */
    public static ByteBuf writeSaslInitialResponse(ByteBufAllocator alloc, String mechanism, byte[] data) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, FrontendTag.PASSWORD);
        Frames.writeCString(out, mechanism);
        out.writeInt(data.length);
        out.writeBytes(data);
        FrameWriter.end(out, at);
        return out;
    }

    /** Writes a SASLResponse; the caller owns the returned buffer. */
    public static ByteBuf writeSaslResponse(ByteBufAllocator alloc, byte[] data) {
        ByteBuf out = alloc.buffer(5 + data.length);
        int at = FrameWriter.begin(out, FrontendTag.PASSWORD);
        out.writeBytes(data);
        FrameWriter.end(out, at);
        return out;
    }
}
