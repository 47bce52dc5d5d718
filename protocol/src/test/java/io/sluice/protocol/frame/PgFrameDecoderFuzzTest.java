package io.sluice.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.protocol.FuzzPieces;
import io.sluice.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link PgFrameDecoder} through an {@link EmbeddedChannel}: any bytes, cut anywhere, either come out as
 * whole frames and chunks that add up to a prefix of the input (nothing lost, nothing duplicated, every frame's
 * length field telling its size, no frame above the limit unless streamed), or stop with a
 * {@link ProtocolException}. Every buffer is released at the end.
 *
 * <p>Runs over the seeds in {@code PgFrameDecoderFuzzTestInputs} in every build; {@code -Pfuzz} fuzzes it.
 */
class PgFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void cutsFramesOrRefuses(FuzzedDataProvider data) {
        int maxSize = data.consumeInt(5, 200);
        int threshold = data.consumeInt(5, 200);
        String streamed = data.pickValue(new String[] {"", "dB", "dBF", "QPBDECSHXdcfF"});
        String accepted = data.pickValue(new String[] {"", "QPBDECSHXdcfFp", "QPBDECSHXdcfF"});
        List<byte[]> pieces = FuzzPieces.cut(data);
        PgFrameDecoder decoder = new PgFrameDecoder(maxSize, streamed, threshold);
        decoder.acceptedTags(accepted.isEmpty() ? null : accepted);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<ByteBuf> inputs = new ArrayList<>();
        ByteArrayOutputStream emitted = new ByteArrayOutputStream();
        boolean refused = false;
        long streamLeft = 0;
        try {
            for (byte[] piece : pieces) {
                ByteBuf in = Unpooled.wrappedBuffer(piece);
                inputs.add(in);
                try {
                    channel.writeInbound(in);
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof ProtocolException)) {
                        throw e;
                    }
                    refused = true;
                }
                for (Object out = channel.readInbound(); out != null; out = channel.readInbound()) {
                    streamLeft = check(out, maxSize, streamed, accepted, streamLeft, emitted);
                }
                if (refused) {
                    break;
                }
            }
        } finally {
            FuzzPieces.finish(channel);
        }
        byte[] all = FuzzPieces.join(pieces);
        byte[] out = emitted.toByteArray();
        assertTrue(out.length <= all.length, "more bytes out than in");
        assertArrayEquals(java.util.Arrays.copyOf(all, out.length), out, "emitted bytes are not the input's");
        for (ByteBuf in : inputs) {
            assertEquals(0, in.refCnt(), "an input buffer was not released");
        }
    }

    /** Checks one output and releases it; returns the bytes of a streamed message still to come. */
    private static long check(Object out, int maxSize, String streamed, String accepted, long streamLeft,
            ByteArrayOutputStream to) {
        try {
            byte tag = out instanceof FrameChunk c ? c.tag() : Frames.tag((ByteBuf) out);
            assertTrue(accepted.isEmpty() || accepted.indexOf(tag & 0xff) >= 0 || out instanceof FrameChunk c
                    && !c.first(), "a tag not accepted came out");
            if (out instanceof FrameChunk chunk) {
                assertTrue(streamed.indexOf(chunk.tag() & 0xff) >= 0, "chunk of a tag not streamed");
                long left = chunk.first() ? chunk.messageLength() + 1L : streamLeft;
                assertTrue(chunk.first() == (streamLeft == 0), "chunk out of order");
                left -= chunk.content().readableBytes();
                assertTrue(left >= 0, "chunks longer than their message");
                assertEquals(left == 0, chunk.last(), "last flag");
                to.writeBytes(ByteBufUtil.getBytes(chunk.content()));
                return left;
            }
            ByteBuf frame = (ByteBuf) out;
            assertEquals(0, streamLeft, "a whole frame inside a streamed message");
            assertEquals(Frames.length(frame) + 1, frame.readableBytes(), "frame size vs length field");
            assertTrue(frame.readableBytes() <= maxSize || streamed.indexOf(Frames.tag(frame) & 0xff) >= 0,
                    "frame above max size");
            to.writeBytes(ByteBufUtil.getBytes(frame));
            return 0;
        } finally {
            io.netty.util.ReferenceCountUtil.release(out);
        }
    }
}
