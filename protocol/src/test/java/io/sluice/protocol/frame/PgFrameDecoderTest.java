package io.sluice.protocol.frame;

import static io.sluice.protocol.Wire.concat;
import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class PgFrameDecoderTest {

    /** Query "SELECT 1". */
    private static final byte[] QUERY = hex("51 0000000d 53454c4543542031 00");
    /** Sync: the smallest message, an empty body. */
    private static final byte[] SYNC = hex("53 00000004");
    /** Parse "" "SELECT $1" with one int4 parameter. */
    private static final byte[] PARSE = hex("50 00000015 00 53454c454354202431 00 0001 00000017");

    @Test
    void cutsWholeMessagesAtEverySplit() {
        byte[] input = concat(QUERY, SYNC, PARSE, SYNC);
        Wire.everySplit(input, () -> new PgFrameDecoder(1024, "", 1024), out -> {
            assertEquals(4, out.size());
            assertFrame(QUERY, out.get(0));
            assertFrame(SYNC, out.get(1));
            assertFrame(PARSE, out.get(2));
            assertFrame(SYNC, out.get(3));
        });
    }

    @Test
    void acceptsMessageOfExactlyMaxSize() {
        Wire.everySplit(QUERY, () -> new PgFrameDecoder(QUERY.length, "", 1024),
                out -> assertFrame(QUERY, out.get(0)));
    }

    @Test
    void emitsSlicesNotCopies() {
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024, "", 1024));
        ByteBuf in = Wire.buf(concat(QUERY, SYNC));
        assertTrue(channel.writeInbound(in));
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        try {
            // A slice shares the memory of the read buffer (kept alive by the slices): forwarding copies nothing.
            in.setByte(0, 'X');
            assertEquals('X', first.getByte(first.readerIndex()));
            assertArrayEquals(SYNC, ByteBufUtil.getBytes(second));
        } finally {
            first.release();
            second.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void refusesLengthBelowFour() {
        DecoderException e = assertThrows(DecoderException.class,
                () -> Wire.feed(new PgFrameDecoder(1024, "", 1024), List.of(hex("51 00000003"))));
        ProtocolException cause = assertInstanceOf(ProtocolException.class, e.getCause());
        assertEquals("message length: 3 (expected: >= 4)", cause.getMessage());
    }

    @Test
    void refusesNegativeLength() {
        DecoderException e = assertThrows(DecoderException.class,
                () -> Wire.feed(new PgFrameDecoder(1024, "", 1024), List.of(hex("51 ffffffff"))));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void refusesOversizeMessageAtItsHeader() {
        // Only the header has arrived: the decoder must not wait for 1 GB to refuse it.
        DecoderException e = assertThrows(DecoderException.class,
                () -> Wire.feed(new PgFrameDecoder(8192, "dD", 1024), List.of(hex("51 40000000"))));
        assertEquals("message length: 1073741825 (expected: <= 8192, governed by max_packet_size) in message 'Q'",
                e.getCause().getMessage());
    }

    @Test
    void refusesOversizeMessageFullyBuffered() {
        assertThrows(DecoderException.class,
                () -> Wire.feed(new PgFrameDecoder(QUERY.length - 1, "", 1024), List.of(QUERY)));
    }

    @Test
    void streamsLargeStreamedMessageInChunks() {
        byte[] large = dataRow(3000);
        byte[] input = concat(SYNC, large, QUERY);
        Wire.everySplit(input, () -> new PgFrameDecoder(1024, "dD", 100), out -> {
            List<byte[]> messages = reassemble(out);
            assertEquals(3, messages.size());
            assertArrayEquals(SYNC, messages.get(0));
            assertArrayEquals(large, messages.get(1));
            assertArrayEquals(QUERY, messages.get(2));
        });
    }

    @Test
    void chunksCarryOnlyBytesAlreadyReceived() {
        byte[] large = dataRow(3000);
        List<byte[]> pieces = List.of(
                Arrays.copyOfRange(large, 0, 3),        // not even a header
                Arrays.copyOfRange(large, 3, 500),      // header complete + some body
                Arrays.copyOfRange(large, 500, 2000),
                concat(Arrays.copyOfRange(large, 2000, large.length), SYNC));
        List<Object> out = Wire.feed(new PgFrameDecoder(1024, "dD", 100), pieces);
        try {
            assertEquals(4, out.size());
            FrameChunk first = assertInstanceOf(FrameChunk.class, out.get(0));
            assertEquals(500, first.content().readableBytes());
            assertTrue(first.first());
            assertFalse(first.last());
            assertEquals('D', first.tag());
            assertEquals(large.length - 1, first.messageLength());
            FrameChunk middle = assertInstanceOf(FrameChunk.class, out.get(1));
            assertEquals(1500, middle.content().readableBytes());
            assertFalse(middle.first());
            assertFalse(middle.last());
            FrameChunk last = assertInstanceOf(FrameChunk.class, out.get(2));
            assertEquals(large.length - 2000, last.content().readableBytes());
            assertTrue(last.last());
            assertFrame(SYNC, out.get(3));
        } finally {
            Wire.releaseAll(out);
        }
    }

    @Test
    void emitsStreamedTagWholeWhenFullyBuffered() {
        byte[] large = dataRow(3000);
        List<Object> out = Wire.feed(new PgFrameDecoder(1024, "dD", 100), List.of(large));
        try {
            assertEquals(1, out.size());
            assertFrame(large, out.get(0));
        } finally {
            Wire.releaseAll(out);
        }
    }

    @Test
    void buffersStreamedTagBelowThreshold() {
        byte[] small = dataRow(50);
        Wire.everySplit(small, () -> new PgFrameDecoder(1024, "dD", 100), out -> {
            assertEquals(1, out.size());
            assertFrame(small, out.get(0));
        });
    }

    @Test
    void doesNotStreamOtherTagsAboveThreshold() {
        byte[] query = concat(hex("51 00000bb7"), new byte[3000 - 5]);
        Wire.everySplit(query, () -> new PgFrameDecoder(4096, "dD", 100), out -> {
            assertEquals(1, out.size());
            assertFrame(query, out.get(0));
        });
    }

    @Test
    void frameChunkReplaceAndRetainKeepMetadata() {
        FrameChunk chunk = new FrameChunk(Wire.buf(SYNC), (byte) 'd', 99, true, false);
        FrameChunk copy = chunk.copy();
        FrameChunk retained = chunk.retainedDuplicate();
        try {
            assertEquals('d', copy.tag());
            assertEquals(99, copy.messageLength());
            assertTrue(copy.first());
            assertFalse(copy.last());
            assertEquals(2, chunk.refCnt());
            assertEquals(chunk, chunk.touch("hint").retain().touch());
            chunk.release();
        } finally {
            copy.release();
            retained.release();
            chunk.release();
        }
    }

    /** A DataRow of {@code total} bytes: one column of {@code total - 11} bytes. */
    static byte[] dataRow(int total) {
        ByteBuf buf = Wire.ALLOC.buffer();
        buf.writeByte('D').writeInt(total - 1).writeShort(1).writeInt(total - 11);
        for (int i = 0; buf.writerIndex() < total; i++) {
            buf.writeByte(i);
        }
        return Wire.bytes(buf);
    }

    private static void assertFrame(byte[] expected, Object actual) {
        ByteBuf frame = assertInstanceOf(ByteBuf.class, actual);
        assertArrayEquals(expected, ByteBufUtil.getBytes(frame));
    }

    /** Joins chunks back into messages, checking their flags and that nothing interleaves. */
    private static List<byte[]> reassemble(List<Object> out) {
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream partial = null;
        for (Object o : out) {
            if (o instanceof FrameChunk) {
                FrameChunk chunk = (FrameChunk) o;
                assertEquals(partial == null, chunk.first());
                if (partial == null) {
                    partial = new ByteArrayOutputStream();
                    assertTrue(chunk.content().readableBytes() >= PgFrameDecoder.HEADER_LENGTH);
                    assertEquals(chunk.tag(), chunk.content().getByte(chunk.content().readerIndex()));
                }
                assertTrue(chunk.content().isReadable(), "empty chunk");
                partial.writeBytes(ByteBufUtil.getBytes(chunk.content()));
                if (chunk.last()) {
                    byte[] message = partial.toByteArray();
                    assertEquals(chunk.messageLength() + 1, message.length);
                    messages.add(message);
                    partial = null;
                }
            } else {
                assertEquals(null, partial, "a frame inside a streamed message");
                messages.add(ByteBufUtil.getBytes((ByteBuf) o));
            }
        }
        assertEquals(null, partial, "unfinished streamed message");
        return messages;
    }
}
