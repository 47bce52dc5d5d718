package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Tags;
import io.sluice.protocol.frame.FrameChunk;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;

/**
 * Checks the layout of a client message after login, before anything acts on it or forwards it: the tag is one a
 * logged-in client may send, and the body has exactly the fields that message has (PostgreSQL's
 * {@code pq_getmsg*} and {@code pq_getmsgend} checks). A message that passes can be read by {@link Parse},
 * {@link Bind}, {@link Describe}, {@link Close} and {@link Query} without a {@link ProtocolException}.
 *
 * <p>Reads no more than the fields' lengths (the values of Bind and FunctionCall are skipped, not read) and
 * allocates nothing; it leaves the frame's indexes as they were.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public final class FrontendFrames {

    private FrontendFrames() {
    }

    /** Returns whether a logged-in client may send a message with this tag (PostgreSQL's {@code PostgresMain}). */
    public static boolean knownTag(byte tag) {
        return switch (tag) {
            case FrontendTag.QUERY, FrontendTag.PARSE, FrontendTag.BIND, FrontendTag.DESCRIBE, FrontendTag.EXECUTE,
                    FrontendTag.CLOSE, FrontendTag.SYNC, FrontendTag.FLUSH, FrontendTag.TERMINATE,
                    FrontendTag.COPY_DATA, FrontendTag.COPY_DONE, FrontendTag.COPY_FAIL,
                    FrontendTag.FUNCTION_CALL -> true;
            default -> false;
        };
    }

    /**
     * Checks a whole typed frame (header included) from a logged-in client.
     *
     * @throws ProtocolException naming the message and what is wrong with it
     */
    public static void check(ByteBuf frame) {
        check(frame, frame.readerIndex(), frame.readableBytes());
    }

    /**
     * Checks the whole message of {@code total} bytes (header included) whose tag is at {@code start} in
     * {@code buf}, a buffer that may hold more; as the frame decoder offers messages to a run, in place.
     *
     * @throws ProtocolException naming the message and what is wrong with it
     */
    public static void check(ByteBuf buf, int start, int total) {
        byte tag = buf.getByte(start);
        if (!knownTag(tag)) {
            throw new ProtocolException("invalid frontend message type " + Tags.describe(tag)
                    + " (expected one of Q P B D E C S H X d c f F after login)");
        }
        if (total < PgFrameDecoder.HEADER_LENGTH) {
            throw new ProtocolException("frame length: " + total + " (expected: >= "
                    + PgFrameDecoder.HEADER_LENGTH + ")");
        }
        // The buffer itself is the cursor (no slice per message): its indexes frame the body while it is read and
        // are put back whatever happens.
        int readerIndex = buf.readerIndex();
        int writerIndex = buf.writerIndex();
        buf.setIndex(start + PgFrameDecoder.HEADER_LENGTH, start + total);
        try {
            checkBody(buf, tag);
        } finally {
            buf.setIndex(readerIndex, writerIndex);
        }
    }

    private static void checkBody(ByteBuf body, byte tag) {
        switch (tag) {
            case FrontendTag.QUERY, FrontendTag.COPY_FAIL -> cString(body, tag);
            case FrontendTag.PARSE -> parse(body);
            case FrontendTag.BIND -> bind(body);
            case FrontendTag.DESCRIBE, FrontendTag.CLOSE -> targeted(body, tag);
            case FrontendTag.EXECUTE -> {
                Frames.skipCString(body);
                int32(body, tag);
            }
            case FrontendTag.FUNCTION_CALL -> functionCall(body);
            case FrontendTag.COPY_DATA -> body.skipBytes(body.readableBytes());
            default -> {
                // Sync, Flush, Terminate, CopyDone: no body.
            }
        }
        Frames.requireEnd(body, name(tag));
    }

    /**
     * Checks a message as the typed-frame decoder emits it: a whole frame with {@link #check}, the first
     * {@link FrameChunk} of a streamed one by its tag (the body of a streamed CopyData, Bind or FunctionCall is only
     * forwarded, and PostgreSQL checks it); later chunks pass.
     *
     * @throws ProtocolException naming the message and what is wrong with it
     */
    public static void checkMessage(Object message) {
        if (message instanceof ByteBuf frame) {
            check(frame);
        } else if (message instanceof FrameChunk chunk && chunk.first() && !knownTag(chunk.tag())) {
            throw new ProtocolException("invalid frontend message type " + Tags.describe(chunk.tag())
                    + " (expected one of Q P B D E C S H X d c f F after login)");
        }
    }

    private static void cString(ByteBuf body, byte tag) {
        if (!body.isReadable()) {
            throw new ProtocolException(name(tag) + " body: empty (expected: a NUL-terminated string)");
        }
        Frames.skipCString(body);
    }

    private static void parse(ByteBuf body) {
        Frames.skipCString(body);
        Frames.skipCString(body);
        int types = int16Count(body, FrontendTag.PARSE);
        skip(body, types * 4L, FrontendTag.PARSE, "parameter types");
    }

    private static void bind(ByteBuf body) {
        Frames.skipCString(body);
        Frames.skipCString(body);
        int formats = int16Count(body, FrontendTag.BIND);
        skip(body, formats * 2L, FrontendTag.BIND, "parameter formats");
        values(body, FrontendTag.BIND);
        int resultFormats = int16Count(body, FrontendTag.BIND);
        skip(body, resultFormats * 2L, FrontendTag.BIND, "result formats");
    }

    private static void functionCall(ByteBuf body) {
        int32(body, FrontendTag.FUNCTION_CALL);
        int formats = int16Count(body, FrontendTag.FUNCTION_CALL);
        skip(body, formats * 2L, FrontendTag.FUNCTION_CALL, "argument formats");
        values(body, FrontendTag.FUNCTION_CALL);
        Frames.require(body, 2, name(FrontendTag.FUNCTION_CALL));
        body.skipBytes(2);
    }

    /** An int16 count, then per value an int32 length (-1 for NULL) and that many bytes. */
    private static void values(ByteBuf body, byte tag) {
        int count = int16Count(body, tag);
        for (int i = 0; i < count; i++) {
            int length = int32(body, tag);
            if (length < -1) {
                throw new ProtocolException(name(tag) + " value " + (i + 1) + " length: " + length
                        + " (expected: -1 for NULL or >= 0)");
            }
            if (length > 0 && body.readableBytes() < length) {
                // The message is built only here: this loop runs for every value of every Bind.
                skip(body, length, tag, "value " + (i + 1));
            } else if (length > 0) {
                body.skipBytes(length);
            }
        }
    }

    private static void targeted(ByteBuf body, byte tag) {
        Frames.require(body, 1, name(tag));
        byte kind = body.readByte();
        if (kind != TargetedMessage.STATEMENT && kind != TargetedMessage.PORTAL) {
            throw new ProtocolException(name(tag) + " kind: " + Tags.describe(kind) + " (expected: 'S' or 'P')");
        }
        Frames.skipCString(body);
    }

    private static int int16Count(ByteBuf body, byte tag) {
        Frames.require(body, 2, name(tag));
        return body.readUnsignedShort();
    }

    private static int int32(ByteBuf body, byte tag) {
        Frames.require(body, 4, name(tag));
        return body.readInt();
    }

    private static void skip(ByteBuf body, long n, byte tag, String what) {
        if (body.readableBytes() < n) {
            throw new ProtocolException(name(tag) + " " + what + ": " + body.readableBytes()
                    + " bytes left (expected: >= " + n + ")");
        }
        body.skipBytes((int) n);
    }

    private static String name(byte tag) {
        return FrontendTag.name(tag);
    }
}
