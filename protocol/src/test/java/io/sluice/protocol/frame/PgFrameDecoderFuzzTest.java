package io.sluice.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.FuzzPieces;
import io.sluice.protocol.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link PgFrameDecoder} through an {@link EmbeddedChannel}: any bytes, cut anywhere, either come out as
 * whole frames and chunks that add up to a prefix of the input (nothing lost, nothing duplicated, every frame's
 * length field telling its size, no frame above the limit unless streamed), or stop with a
 * {@link ProtocolException}. Every buffer is released at the end. {@link #forwardsRunsOrRefuses} does the same with a
 * {@link PgFrameDecoder.Runs} consumer: runs, frames and chunks, in the order the consumer meets them, add up to
 * a prefix of the input, and a run holds only whole frames of the tags that join.
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
        ByteArrayOutputStream emitted = new ByteArrayOutputStream();
        long[] streamLeft = {0};
        List<ByteBuf> inputs = FuzzPieces.feed(channel, pieces, () -> {
            for (Object out = channel.readInbound(); out != null; out = channel.readInbound()) {
                streamLeft[0] = check(out, maxSize, streamed, accepted, streamLeft[0], emitted);
            }
        }, () -> { });
        FuzzPieces.assertPrefixAndReleased(pieces, emitted, inputs);
    }

    @FuzzTest(maxDuration = "60s")
    void forwardsRunsOrRefuses(FuzzedDataProvider data) {
        int maxSize = data.consumeInt(5, 200);
        int threshold = data.consumeInt(5, 200);
        String streamed = data.pickValue(new String[] {"", "dD", "DdCc"});
        String accepted = data.pickValue(new String[] {"", "12CDTZdc", "12CDTZdcE"});
        String joining = data.pickValue(new String[] {"", "D", "12CDT", "12CDTZdcE"});
        List<byte[]> pieces = FuzzPieces.cut(data);
        PgFrameDecoder decoder = new PgFrameDecoder(maxSize, streamed, threshold);
        decoder.acceptedTags(accepted.isEmpty() ? null : accepted);
        // Runs and whatever the pipeline emits, in the order the consumer meets them.
        List<Object> met = new ArrayList<>();
        decoder.runs(new PgFrameDecoder.Runs() {
            @Override
            public boolean joins(ByteBuf in, int start, byte tag, int total) {
                assertEquals(tag, in.getByte(start));
                assertEquals(total, in.getInt(start + 1) + 1L);
                return joining.indexOf(tag & 0xff) >= 0;
            }

            @Override
            public void run(ByteBuf messages) {
                met.add(new Run(messages));
            }
        });
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                met.add(msg);
            }
        });
        ByteArrayOutputStream emitted = new ByteArrayOutputStream();
        long[] streamLeft = {0};
        List<ByteBuf> inputs = FuzzPieces.feed(channel, pieces, () -> {
            for (Object out : met) {
                if (out instanceof Run run) {
                    assertEquals(0, streamLeft[0], "a run inside a streamed message");
                    checkRun(run.messages(), maxSize, streamed, joining, emitted);
                } else {
                    streamLeft[0] = check(out, maxSize, streamed, accepted, streamLeft[0], emitted);
                }
            }
            met.clear();
        }, () -> met.forEach(o -> ReferenceCountUtil.release(o instanceof Run run ? run.messages() : o)));
        FuzzPieces.assertPrefixAndReleased(pieces, emitted, inputs);
    }

    private record Run(ByteBuf messages) {
    }

    /** Checks that a run is whole frames of joining tags, none above the limit unless streamed; releases it. */
    private static void checkRun(ByteBuf run, int maxSize, String streamed, String joining,
            ByteArrayOutputStream to) {
        try {
            assertTrue(run.isReadable(), "an empty run");
            for (int at = run.readerIndex(); at < run.writerIndex(); ) {
                byte tag = run.getByte(at);
                assertTrue(joining.indexOf(tag & 0xff) >= 0, "a tag that does not join is in a run");
                assertTrue(run.writerIndex() - at >= PgFrameDecoder.HEADER_LENGTH, "a run ends inside a header");
                long total = run.getInt(at + 1) + 1L;
                assertTrue(total >= PgFrameDecoder.HEADER_LENGTH && total <= run.writerIndex() - at,
                        "a run ends inside a frame");
                assertTrue(total <= maxSize || streamed.indexOf(tag & 0xff) >= 0, "frame above max size in a run");
                at += (int) total;
            }
            to.writeBytes(ByteBufUtil.getBytes(run));
        } finally {
            run.release();
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
            ReferenceCountUtil.release(out);
        }
    }
}
