package io.sluice.protocol.frame;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void readsHeaderAndBody() {
        ByteBuf frame = Wire.buf(hex("43 0000000d 53454c4543542031 00"));
        try {
            assertEquals('C', Frames.tag(frame));
            assertEquals(13, Frames.length(frame));
            ByteBuf body = Frames.body(frame);
            assertEquals(9, body.readableBytes());
            assertEquals("SELECT 1", Frames.readCString(body));
            Frames.requireEnd(body, "CommandComplete");
            assertEquals(1, frame.refCnt());
        } finally {
            frame.release();
        }
    }

    @Test
    void tellsOneMessageFromARunOfThem() {
        ByteBuf run = Wire.buf(hex("53 00000004 45 00000009 00 00000000"));
        try {
            assertEquals(5, Frames.sizeAt(run, 0));
            assertEquals(10, Frames.sizeAt(run, 5));
            assertEquals(false, Frames.isSingle(run));
            assertEquals(true, Frames.isSingle(run.slice(5, 10)));
            assertEquals(true, Frames.isSingle(run.slice(0, 5)));
        } finally {
            run.release();
        }
    }

    @Test
    void readsCStringsInUtf8() {
        ByteBuf buf = Wire.buf(hex("c3a974c3a900 00 61"));
        try {
            assertEquals("été", Frames.readCString(buf));
            assertEquals("", Frames.readCString(buf));
            ProtocolException e = assertThrows(ProtocolException.class, () -> Frames.readCString(buf));
            assertEquals("string terminator: missing after 1 bytes (expected: NUL)", e.getMessage());
        } finally {
            buf.release();
        }
    }

    @Test
    void writerBackPatchesLength() {
        ByteBuf out = Wire.ALLOC.buffer();
        out.writeByte('x');  // unrelated bytes before: the length is relative to its own index
        int at = FrameWriter.begin(out, (byte) 'C');
        Frames.writeCString(out, "SELECT 1");
        FrameWriter.end(out, at);
        int untyped = FrameWriter.beginUntyped(out);
        out.writeInt(80877103);
        FrameWriter.end(out, untyped);
        assertArrayEquals(hex("78 43 0000000d 53454c4543542031 00 00000008 04d2162f"), Wire.bytes(out));
    }

    @Test
    void refusesNulInsideCString() {
        ByteBuf out = Wire.ALLOC.buffer();
        try {
            assertThrows(IllegalArgumentException.class, () -> Frames.writeCString(out, "a\0b"));
        } finally {
            out.release();
        }
    }

    @Test
    void checksTagAndRemainingBytes() {
        ByteBuf frame = Wire.buf(hex("5a 00000005 49"));
        try {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> Frames.body(frame, (byte) 'C', "CommandComplete"));
            assertEquals("CommandComplete tag: 'Z' (expected: 'C')", e.getMessage());
            assertThrows(ProtocolException.class, () -> Frames.require(Frames.body(frame), 2, "ReadyForQuery"));
            assertThrows(ProtocolException.class, () -> Frames.requireEnd(Frames.body(frame), "x"));
        } finally {
            frame.release();
        }
    }
}
