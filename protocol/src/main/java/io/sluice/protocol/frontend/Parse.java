package io.sluice.protocol.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frame.FrameWriter;
import io.sluice.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;

import java.util.Objects;

/**
 * Parse ('P'): statement name (empty = unnamed), query text and parameter type OIDs. Read whole because the
 * proxy keys its prepared-statement cache on query and types.
 *
 * @param name the statement name; empty for the unnamed statement
 * @param query the SQL text
 * @param parameterTypes the declared parameter types
 */
public record Parse(String name, String query, ParameterTypes parameterTypes) {

    /** Checks for nulls. */
    public Parse {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(parameterTypes, "parameterTypes");
    }

    /**
     * Whether a Parse frame prepares the unnamed statement (its name, the body's first string, is empty). Reads one
     * byte: the query text is not decoded.
     *
     * @throws ProtocolException if the frame is not a Parse or is shorter than its header
     */
    public static boolean isUnnamed(ByteBuf frame) {
        int at = Frames.bodyStart(frame, FrontendTag.PARSE, "Parse");
        return at < frame.writerIndex() && frame.getByte(at) == 0;
    }

    /**
     * The index of the NUL that ends the statement name, which starts at the body's first byte. Reads the name only:
     * the query text is not decoded.
     *
     * @throws ProtocolException if the frame is not a Parse or the name is unterminated
     */
    public static int nameEnd(ByteBuf frame) {
        return Frames.cStringEnd(frame, Frames.bodyStart(frame, FrontendTag.PARSE, "Parse"));
    }

    /**
     * The statement name (empty = unnamed), read in place without decoding the query text.
     *
     * @throws ProtocolException if the frame is not a Parse or the name is unterminated
     */
    public static String name(ByteBuf frame) {
        int start = Frames.bodyStart(frame, FrontendTag.PARSE, "Parse");
        return frame.toString(start, nameEnd(frame) - start, StandardCharsets.UTF_8);
    }

    /**
     * Reads a Parse frame.
     *
     * @throws ProtocolException if the strings are unterminated or the type count disagrees with the frame
     */
    public static Parse read(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, FrontendTag.PARSE, "Parse");
        String name = Frames.readCString(body);
        String query = Frames.readCString(body);
        Frames.require(body, 2, "Parse");
        int count = body.readUnsignedShort();
        if (body.readableBytes() != count * 4) {
            throw new ProtocolException("Parse parameter types: " + body.readableBytes() + " bytes (expected: "
                    + count * 4 + " for " + count + " types)");
        }
        int[] oids = new int[count];
        for (int i = 0; i < count; i++) {
            oids[i] = body.readInt();
        }
        return new Parse(name, query, ParameterTypes.of(oids));
    }

    /** Writes the frame; the caller owns the returned buffer. */
    public ByteBuf write(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, FrontendTag.PARSE);
        Frames.writeCString(out, name);
        Frames.writeCString(out, query);
        out.writeShort(parameterTypes.size());
        for (int i = 0; i < parameterTypes.size(); i++) {
            out.writeInt(parameterTypes.get(i));
        }
        FrameWriter.end(out, at);
        return out;
    }
}
