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
 * NegotiateProtocolVersion ('v'): sent instead of failing when a client asks for a newer minor version or for
 * {@code _pq_.} options the server does not know.
 */
public final class NegotiateProtocolVersion {

    private NegotiateProtocolVersion() {
    }

    /** Writes the frame: newest minor version supported, then the options not recognized. */
    public static ByteBuf write(ByteBufAllocator alloc, int newestMinorVersion, List<String> unrecognizedOptions) {
        ByteBuf out = alloc.buffer();
        int at = FrameWriter.begin(out, BackendTag.NEGOTIATE_PROTOCOL_VERSION);
        out.writeInt(newestMinorVersion);
        out.writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            Frames.writeCString(out, option);
        }
        FrameWriter.end(out, at);
        return out;
    }

    /** Reads the newest minor version the server supports. */
    public static int newestMinorVersion(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.NEGOTIATE_PROTOCOL_VERSION, "NegotiateProtocolVersion");
        Frames.require(body, 4, "NegotiateProtocolVersion");
        return body.readInt();
    }

    /**
     * Reads the options the server did not recognize.
     *
     * @throws ProtocolException if the count disagrees with the strings present
     */
    public static List<String> unrecognizedOptions(ByteBuf frame) {
        ByteBuf body = Frames.body(frame, BackendTag.NEGOTIATE_PROTOCOL_VERSION, "NegotiateProtocolVersion");
        Frames.require(body, 8, "NegotiateProtocolVersion");
        body.skipBytes(4);
        int count = body.readInt();
        if (count < 0 || count > body.readableBytes()) {
            throw new ProtocolException("NegotiateProtocolVersion option count: " + count
                    + " (expected: 0.." + body.readableBytes() + ")");
        }
        List<String> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(Frames.readCString(body));
        }
        Frames.requireEnd(body, "NegotiateProtocolVersion");
        return List.copyOf(options);
    }
}
