package io.sluice.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a decoder left unread joins the next read: copied at most once, never grown with bytes already read. */
class CarryOverCumulatorTest {

    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void withNothingLeftOverTheReadItselfIsTheCumulation() {
        ByteBuf drained = buffer("abc", 16);
        drained.skipBytes(3);
        ByteBuf read = buffer("def", 16);

        ByteBuf result = CarryOverCumulator.INSTANCE.cumulate(alloc, drained, read);

        assertSame(read, result);
        assertEquals(0, drained.refCnt());
        assertEquals("def", text(result));
        result.release();
    }

    @Test
    void aReadThatFitsTheRoomLeftIsAppendedInPlace() {
        ByteBuf leftover = buffer("xyPART", 64);
        leftover.skipBytes(2);
        ByteBuf read = buffer("REST", 16);

        ByteBuf result = CarryOverCumulator.INSTANCE.cumulate(alloc, leftover, read);

        assertSame(leftover, result);
        assertEquals("PARTREST", text(result));
        assertEquals(0, read.refCnt());
        result.release();
    }

    @Test
    void aLargerReadJoinsOnlyTheLeftoverInABufferOfTheirSize() {
        // 60 KiB already decoded, 100 bytes of a message left, and a 64 KiB read: the old buffer is not grown.
        ByteBuf old = alloc.buffer(60 * 1024 + 100, 60 * 1024 + 100);
        old.writeZero(60 * 1024).writeBytes("L".repeat(100).getBytes(StandardCharsets.US_ASCII));
        old.skipBytes(60 * 1024);
        ByteBuf read = buffer("R".repeat(64 * 1024), 64 * 1024);

        ByteBuf result = CarryOverCumulator.INSTANCE.cumulate(alloc, old, read);

        assertEquals(100 + 64 * 1024, result.readableBytes());
        assertEquals(100 + 64 * 1024, result.capacity(), "sized for the leftover and the read, nothing more");
        assertEquals("L".repeat(100) + "R".repeat(64 * 1024), text(result));
        assertEquals(0, old.refCnt());
        assertEquals(0, read.refCnt());
        result.release();
    }

    @Test
    void aBufferStillSlicedElsewhereTakesTheReadInItsRoomAndTheSliceIsUntouched() {
        ByteBuf shared = buffer("DONEpart", 64);
        ByteBuf forwarded = shared.retainedSlice(0, 4);
        shared.skipBytes(4);
        ByteBuf read = buffer("more", 16);

        ByteBuf result = CarryOverCumulator.INSTANCE.cumulate(alloc, shared, read);

        assertSame(shared, result);
        assertEquals("partmore", text(result));
        assertEquals("DONE", text(forwarded), "what was handed on is untouched");
        forwarded.release();
        assertEquals(1, result.refCnt());
        result.release();
    }

    @Test
    void aBufferStillSlicedElsewhereWithoutRoomIsCopiedFromAndGivenBack() {
        ByteBuf shared = alloc.buffer(8, 8).writeBytes("DONEpart".getBytes(StandardCharsets.US_ASCII));
        ByteBuf forwarded = shared.retainedSlice(0, 4);
        shared.skipBytes(4);
        ByteBuf read = buffer("more", 16);

        ByteBuf result = CarryOverCumulator.INSTANCE.cumulate(alloc, shared, read);

        assertEquals("partmore", text(result));
        assertEquals(8, result.capacity());
        assertEquals("DONE", text(forwarded));
        assertEquals(1, shared.refCnt(), "the decoder's reference is given back, the slice's is not");
        forwarded.release();
        assertEquals(0, shared.refCnt());
        result.release();
    }

    private ByteBuf buffer(String content, int capacity) {
        return alloc.buffer(capacity).writeBytes(content.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuf buf) {
        return buf.toString(buf.readerIndex(), buf.readableBytes(), StandardCharsets.US_ASCII);
    }
}
