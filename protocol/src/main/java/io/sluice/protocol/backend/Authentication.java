package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;

import java.util.ArrayList;
import java.util.List;

/**
 * The Authentication messages ('R'): an int32 type, then a type-specific body. The proxy writes them to
 * clients and reads them from servers when logging in.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">AuthenticationOk and
 *     following</a>
 */
public final class Authentication {

    /** AuthenticationOk. */
    public static final int OK = 0;
    /** AuthenticationCleartextPassword. */
    public static final int CLEARTEXT_PASSWORD = 3;
    /** AuthenticationMD5Password, with a 4-byte salt. */
    public static final int MD5_PASSWORD = 5;
    /** AuthenticationSASL, with the list of mechanisms. */
    public static final int SASL = 10;
    /** AuthenticationSASLContinue, with the server-first message. */
    public static final int SASL_CONTINUE = 11;
    /** AuthenticationSASLFinal, with the server-final message. */
    public static final int SASL_FINAL = 12;

    private Authentication() {
    }

    /** Reads the authentication type. */
    public static int type(ByteBuf frame) {
        ByteBuf body = body(frame);
        Frames.require(body, 4, "Authentication");
        return body.getInt(body.readerIndex());
    }

    /**
     * Reads the salt of an AuthenticationMD5Password.
     *
     * @throws ProtocolException if the type is not MD5 or the salt is not 4 bytes
     */
    public static byte[] md5Salt(ByteBuf frame) {
        ByteBuf body = bodyOfType(frame, MD5_PASSWORD);
        if (body.readableBytes() != 4) {
            throw new ProtocolException("AuthenticationMD5Password salt length: " + body.readableBytes()
                    + " (expected: 4)");
        }
        byte[] salt = new byte[4];
        body.readBytes(salt);
        return salt;
    }

    /**
     * Reads the mechanisms of an AuthenticationSASL: C strings ended by an empty one.
     *
     * @throws ProtocolException if the type is not SASL or the list is not terminated
     */
    public static List<String> saslMechanisms(ByteBuf frame) {
        ByteBuf body = bodyOfType(frame, SASL);
        List<String> mechanisms = new ArrayList<>();
        for (String m = Frames.readCString(body); !m.isEmpty(); m = Frames.readCString(body)) {
            mechanisms.add(m);
        }
        Frames.requireEnd(body, "AuthenticationSASL");
        return List.copyOf(mechanisms);
    }

    /**
     * Reads the SASL data of an AuthenticationSASLContinue or AuthenticationSASLFinal: the rest of the body.
     *
     * @throws ProtocolException if the type is neither
     */
    public static byte[] saslData(ByteBuf frame) {
        ByteBuf body = body(frame);
        Frames.require(body, 4, "Authentication");
        int type = body.readInt();
        if (type != SASL_CONTINUE && type != SASL_FINAL) {
            throw new ProtocolException("Authentication type: " + type + " (expected: 11 or 12)");
        }
        byte[] data = new byte[body.readableBytes()];
        body.readBytes(data);
        return data;
    }

    /** Writes AuthenticationOk. */
    public static ByteBuf writeOk(ByteBufAllocator alloc) {
        return writeOkTo(alloc.buffer(9));
    }

    /** Appends AuthenticationOk to {@code out}; returns {@code out}. */
    public static ByteBuf writeOkTo(ByteBuf out) {
        int at = FrameWriter.begin(out, BackendTag.AUTHENTICATION);
        out.writeInt(OK);
        FrameWriter.end(out, at);
        return out;
    }

    /** Writes AuthenticationCleartextPassword. */
    public static ByteBuf writeCleartextPassword(ByteBufAllocator alloc) {
        return write(alloc, CLEARTEXT_PASSWORD, new byte[0]);
    }

    /** Writes AuthenticationMD5Password with a 4-byte salt. */
    public static ByteBuf writeMd5Password(ByteBufAllocator alloc, byte[] salt) {
        if (salt.length != 4) {
            throw new IllegalArgumentException("salt length: " + salt.length + " (expected: 4)");
        }
        return write(alloc, MD5_PASSWORD, salt);
    }

    /** Writes AuthenticationSASL with the mechanisms offered, in preference order. */
    public static ByteBuf writeSasl(ByteBufAllocator alloc, List<String> mechanisms) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, BackendTag.AUTHENTICATION);
        out.writeInt(SASL);
        for (String mechanism : mechanisms) {
            if (mechanism.isEmpty()) {
                throw new IllegalArgumentException("mechanism: empty (expected: a name; empty ends the list)");
            }
            Frames.writeCString(out, mechanism);
        }
        out.writeByte(0);
        FrameWriter.end(out, at);
        return out;
    }

    /** Writes AuthenticationSASLContinue with the server-first message. */
    public static ByteBuf writeSaslContinue(ByteBufAllocator alloc, byte[] data) {
        return write(alloc, SASL_CONTINUE, data);
    }

    /** Writes AuthenticationSASLFinal with the server-final message. */
    public static ByteBuf writeSaslFinal(ByteBufAllocator alloc, byte[] data) {
        return write(alloc, SASL_FINAL, data);
    }

    private static ByteBuf write(ByteBufAllocator alloc, int type, byte[] data) {
        ByteBuf out = alloc.buffer(9 + data.length);
        int at = FrameWriter.begin(out, BackendTag.AUTHENTICATION);
        out.writeInt(type);
        out.writeBytes(data);
        FrameWriter.end(out, at);
        return out;
    }

    private static ByteBuf body(ByteBuf frame) {
        return Frames.body(frame, BackendTag.AUTHENTICATION, "Authentication");
    }

    private static ByteBuf bodyOfType(ByteBuf frame, int expected) {
        ByteBuf body = body(frame);
        Frames.require(body, 4, "Authentication");
        int type = body.readInt();
        if (type != expected) {
            throw new ProtocolException("Authentication type: " + type + " (expected: " + expected + ")");
        }
        return body;
    }
}
