package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;

import java.nio.charset.StandardCharsets;

/**
 * Static accessors on a typed frame (tag byte, int32 length that counts itself, body) and on C strings.
 *
 * <p>This is the only place that knows where fields sit in a header; readers elsewhere go through it.
 * No method here retains or releases: ownership stays with the caller.
 */
public final class Frames {

    private Frames() {
    }

    /** Returns the type byte of a frame, at its reader index. */
    public static byte tag(ByteBuf frame) {
        return frame.getByte(frame.readerIndex());
    }

    /** Returns the int32 length field of a frame: the body length plus 4. */
    public static int length(ByteBuf frame) {
        return frame.getInt(frame.readerIndex() + 1);
    }

    /** Returns the whole size, header included, of the message whose tag is at {@code index}. */
    public static int sizeAt(ByteBuf buf, int index) {
        return buf.getInt(index + 1) + 1;
    }

    /**
     * Returns whether {@code buf}'s readable bytes are exactly one message; otherwise they are a run of whole
     * messages, back to back (see {@link PgFrameDecoder.Runs}).
     */
    public static boolean isSingle(ByteBuf buf) {
        return buf.readableBytes() == sizeAt(buf, buf.readerIndex());
    }

    /**
     * Returns the body of a frame, after its 5-byte header, as a slice that is not retained: valid only while
     * the frame is.
     */
    public static ByteBuf body(ByteBuf frame) {
        int bodyLength = frame.readableBytes() - PgFrameDecoder.HEADER_LENGTH;
        if (bodyLength < 0) {
            throw new ProtocolException(
                    "frame length: " + frame.readableBytes() + " (expected: >= " + PgFrameDecoder.HEADER_LENGTH + ")");
        }
        return frame.slice(frame.readerIndex() + PgFrameDecoder.HEADER_LENGTH, bodyLength);
    }

    /**
     * Checks a frame's tag and that its body is exactly {@code bodyLength} bytes, for readers of fixed-size
     * messages that then read at absolute indexes (no slice is made).
     *
     * @return the index of the body's first byte
     * @throws ProtocolException if the tag or the size differs
     */
    public static int fixedBody(ByteBuf frame, byte expectedTag, int bodyLength, String what) {
        int start = bodyStart(frame, expectedTag, what);
        int actual = frame.writerIndex() - start;
        if (actual != bodyLength) {
            throw new ProtocolException(what + " body length: " + actual + " (expected: " + bodyLength + ")");
        }
        return start;
    }

    /**
     * Checks a frame's tag and header and returns the index of its body's first byte, for readers that read at
     * absolute indexes instead of through a slice.
     *
     * @throws ProtocolException if the tag differs or the frame is shorter than its header
     */
    public static int bodyStart(ByteBuf frame, byte expectedTag, String what) {
        byte tag = tag(frame);
        if (tag != expectedTag) {
            throw new ProtocolException(
                    what + " tag: " + Tags.describe(tag) + " (expected: " + Tags.describe(expectedTag) + ")");
        }
        if (frame.readableBytes() < PgFrameDecoder.HEADER_LENGTH) {
            throw new ProtocolException(
                    "frame length: " + frame.readableBytes() + " (expected: >= " + PgFrameDecoder.HEADER_LENGTH + ")");
        }
        return frame.readerIndex() + PgFrameDecoder.HEADER_LENGTH;
    }

    /**
     * Returns the index of the NUL ending the string that starts at {@code index}, without moving any index.
     *
     * @throws ProtocolException if there is no NUL before the writer index
     */
    public static int cStringEnd(ByteBuf buf, int index) {
        int end = buf.indexOf(index, buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException(
                    "string terminator: missing after " + (buf.writerIndex() - index) + " bytes (expected: NUL)");
        }
        return end;
    }

    /**
     * Returns the body of a frame after checking its tag, so that a reader handed the wrong message fails
     * loudly instead of misreading it.
     *
     * @param what the message name for the exception, e.g. {@code "ReadyForQuery"}
     * @throws ProtocolException if the tag differs
     */
    public static ByteBuf body(ByteBuf frame, byte expectedTag, String what) {
        bodyStart(frame, expectedTag, what);
        return body(frame);
    }

    /**
     * Reads a NUL-terminated UTF-8 string at the reader index and advances past the NUL.
     *
     * @throws ProtocolException if there is no NUL before the writer index
     */
    public static String readCString(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.indexOf(start, buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException(
                    "string terminator: missing after " + (buf.writerIndex() - start) + " bytes (expected: NUL)");
        }
        String s = buf.toString(start, end - start, StandardCharsets.UTF_8);
        buf.readerIndex(end + 1);
        return s;
    }

    /**
     * Skips a NUL-terminated string at the reader index and returns the index just after its NUL.
     *
     * @throws ProtocolException if there is no NUL before the writer index
     */
    public static int skipCString(ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolException("string terminator: missing after "
                    + (buf.writerIndex() - buf.readerIndex()) + " bytes (expected: NUL)");
        }
        buf.readerIndex(end + 1);
        return end + 1;
    }

    /**
     * Writes a string as UTF-8 followed by NUL.
     *
     * @throws IllegalArgumentException if the string contains NUL, which the protocol cannot carry
     */
    public static void writeCString(ByteBuf out, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("string contains NUL: it cannot be sent in a C string");
        }
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /**
     * Checks that a message body was read to its end, as PostgreSQL's {@code pq_getmsgend} does.
     *
     * @throws ProtocolException if bytes remain
     */
    public static void requireEnd(ByteBuf body, String what) {
        if (body.isReadable()) {
            throw new ProtocolException(what + " trailing bytes: " + body.readableBytes() + " (expected: 0)");
        }
    }

    /**
     * Checks that at least {@code n} bytes remain before reading a fixed-size field.
     *
     * @throws ProtocolException if fewer remain
     */
    public static void require(ByteBuf body, int n, String what) {
        if (body.readableBytes() < n) {
            throw new ProtocolException(
                    what + " remaining bytes: " + body.readableBytes() + " (expected: >= " + n + ")");
        }
    }
}
