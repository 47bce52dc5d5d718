package io.sluice.protocol.frame;

import static io.sluice.protocol.Wire.concat;
import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.Wire;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PgFrameDecoder} with a {@link PgFrameDecoder.Runs} consumer: runs of joined messages, in order. */
class PgFrameDecoderRunsTest {

    private static final byte[] PARSE_COMPLETE = hex("31 00000004");
    private static final byte[] BIND_COMPLETE = hex("32 00000004");
    private static final byte[] DATA_ROW = hex("44 0000000b 0001 00000001 31");
    /** CommandComplete "SELECT 1". */
    private static final byte[] COMMAND_COMPLETE = hex("43 0000000d 53454c4543542031 00");
    private static final byte[] READY = hex("5a 00000005 49");
    /** NoticeResponse with one field (severity NOTICE). */
    private static final byte[] NOTICE = hex("4e 0000000d 53 4e4f5449434500 00");

    /**
     * Joins every message but ReadyForQuery and notices, and records runs and single messages in the order the
     * consumer sees them, and in {@code events} also each offer.
     */
    private static final class Recorder extends ChannelInboundHandlerAdapter implements PgFrameDecoder.Runs {
        final List<String> seen = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public boolean joins(ByteBuf in, int start, byte tag, int total) {
            assertEquals(tag, in.getByte(start));
            assertEquals(total, in.getInt(start + 1) + 1);
            events.add("offer " + (char) tag);
            return tag != 'Z' && tag != 'N';
        }

        @Override
        public void run(ByteBuf messages) {
            try {
                events.add("run");
                seen.add("run " + ByteBufUtil.hexDump(messages));
            } finally {
                messages.release();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                ByteBuf frame = assertInstanceOf(ByteBuf.class, msg);
                events.add("one");
                seen.add("one " + ByteBufUtil.hexDump(frame));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    /** A channel with {@code decoder} handing runs to {@code recorder}, which also reads what is emitted. */
    private static EmbeddedChannel channel(PgFrameDecoder decoder, Recorder recorder) {
        decoder.runs(recorder);
        return new EmbeddedChannel(decoder, recorder);
    }

    private static List<String> decode(PgFrameDecoder decoder, List<byte[]> pieces) {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = channel(decoder, recorder);
        for (byte[] piece : pieces) {
            channel.writeInbound(Wire.buf(piece));
        }
        assertFalse(channel.finish());
        return recorder.seen;
    }

    /** Joins the hex of what was seen, dropping the run/one labels: the bytes must come out as they went in. */
    private static String bytesOf(List<String> seen) {
        StringBuilder all = new StringBuilder();
        seen.forEach(s -> all.append(s.substring(4)));
        return all.toString();
    }

    @Test
    void forwardsJoinedMessagesAsOneRunAndOthersAlone() {
        byte[] input = concat(PARSE_COMPLETE, BIND_COMPLETE, DATA_ROW, COMMAND_COMPLETE, READY, DATA_ROW, NOTICE,
                COMMAND_COMPLETE);
        List<String> seen = decode(new PgFrameDecoder(1024, "", 1024), List.of(input));
        assertEquals(List.of(
                "run " + ByteBufUtil.hexDump(concat(PARSE_COMPLETE, BIND_COMPLETE, DATA_ROW, COMMAND_COMPLETE)),
                "one " + ByteBufUtil.hexDump(READY),
                "run " + ByteBufUtil.hexDump(DATA_ROW),
                "one " + ByteBufUtil.hexDump(NOTICE),
                "run " + ByteBufUtil.hexDump(COMMAND_COMPLETE)), seen);
    }

    @Test
    void keepsEveryByteInOrderAtEverySplit() {
        byte[] input = concat(PARSE_COMPLETE, DATA_ROW, READY, NOTICE, DATA_ROW, COMMAND_COMPLETE, READY);
        String expected = ByteBufUtil.hexDump(input);
        for (int split = 0; split <= input.length; split++) {
            List<byte[]> pieces = split == input.length ? Wire.bytewise(input) : Wire.split(input, split);
            List<String> seen = decode(new PgFrameDecoder(1024, "", 1024), pieces);
            assertEquals(expected, bytesOf(seen), "split " + split);
            for (String s : seen) {
                boolean alone = s.startsWith("one ");
                boolean readyOrNotice = s.startsWith("5a", 4) || s.startsWith("4e", 4);
                assertEquals(readyOrNotice, alone, "split " + split + ": " + s);
            }
        }
    }

    @Test
    void endsARunBeforeAStreamedMessageAndStreamsIt() {
        byte[] large = PgFrameDecoderTest.dataRow(3000);
        List<byte[]> pieces = List.of(concat(BIND_COMPLETE, Arrays.copyOfRange(large, 0, 500)),
                Arrays.copyOfRange(large, 500, large.length), COMMAND_COMPLETE);
        Recorder recorder = new Recorder();
        PgFrameDecoder decoder = new PgFrameDecoder(1024, "D", 100);
        decoder.runs(recorder);
        List<Object> chunks = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                chunks.add(msg);
                recorder.seen.add("chunk");
            }
        });
        try {
            for (byte[] piece : pieces) {
                channel.writeInbound(Wire.buf(piece));
            }
            assertEquals(List.of("run " + ByteBufUtil.hexDump(BIND_COMPLETE), "chunk", "chunk",
                    "run " + ByteBufUtil.hexDump(COMMAND_COMPLETE)), recorder.seen);
            FrameChunk first = assertInstanceOf(FrameChunk.class, chunks.get(0));
            FrameChunk last = assertInstanceOf(FrameChunk.class, chunks.get(1));
            assertTrue(first.first());
            assertTrue(last.last());
            assertEquals(large.length, first.content().readableBytes() + last.content().readableBytes());
        } finally {
            Wire.releaseAll(chunks);
        }
        assertFalse(channel.finish());
    }

    @Test
    void handsOverTheRunBeforeRefusingAnOversizeMessage() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = channel(new PgFrameDecoder(16, "", 1024), recorder);
        byte[] tooLong = concat(hex("43 00000014"), new byte[16]);
        assertThrows(DecoderException.class,
                () -> channel.writeInbound(Wire.buf(concat(PARSE_COMPLETE, BIND_COMPLETE, tooLong))));
        assertEquals(List.of("run " + ByteBufUtil.hexDump(concat(PARSE_COMPLETE, BIND_COMPLETE))), recorder.seen);
        // Closing makes the decoder see the same bad bytes again; that second refusal is expected.
        assertThrows(DecoderException.class, channel::finishAndReleaseAll);
    }

    @Test
    void dealsWithEachLoneMessageBeforeOfferingTheNext() {
        Recorder recorder = new Recorder();
        EmbeddedChannel channel = channel(new PgFrameDecoder(1024, "", 1024), recorder);
        channel.writeInbound(Wire.buf(concat(BIND_COMPLETE, DATA_ROW, READY, DATA_ROW)));
        // The message that ends a run is offered again once the run is handed over; one that joins, only once.
        assertEquals(List.of("offer 2", "offer D", "offer Z", "run", "offer Z", "one", "offer D", "run"),
                recorder.events);
        assertFalse(channel.finish());
    }
}
