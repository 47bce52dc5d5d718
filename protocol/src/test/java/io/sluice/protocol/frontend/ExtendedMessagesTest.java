package io.sluice.protocol.frontend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import io.sluice.protocol.frame.Frames;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parse, ParameterTypes, Bind, Describe and Close. */
class ExtendedMessagesTest {

    /** Bind portal "p1", statement "s1", formats [1], one 4-byte value 42, result formats [0]. */
    private static final byte[] BIND = hex("42 0000001c 703100 733100 0001 0001 0001 00000004 0000002a 0001 0000");

    @Test
    void parseRoundTrip() {
        Parse parse = new Parse("s1", "SELECT $1", ParameterTypes.of(23));
        assertArrayEquals(hex("50 00000017 733100 53454c454354202431 00 0001 00000017"),
                Wire.bytes(parse.write(Wire.ALLOC)));
        Wire.eachTypedFrame(parse.write(Wire.ALLOC), frame -> {
            assertEquals(parse, Parse.read(frame));
            assertEquals("s1", Parse.name(frame));
        });
        Parse unnamed = new Parse("", "SELECT 1", ParameterTypes.NONE);
        Wire.eachTypedFrame(unnamed.write(Wire.ALLOC), frame -> assertEquals(unnamed, Parse.read(frame)));
    }

    @Test
    void parseRefusesTypeCountMismatch() {
        ByteBuf frame = Wire.buf(hex("50 0000000d 00 53454c00 0002 00000017"));
        try {
            assertThrows(ProtocolException.class, () -> Parse.read(frame));
        } finally {
            frame.release();
        }
    }

    @Test
    void parameterTypesIsAValue() {
        int[] oids = {23, 25};
        ParameterTypes types = ParameterTypes.of(oids);
        oids[0] = 0;
        assertEquals(ParameterTypes.of(23, 25), types);
        assertEquals(ParameterTypes.of(23, 25).hashCode(), types.hashCode());
        assertNotEquals(ParameterTypes.of(25, 23), types);
        assertEquals("ParameterTypes[23, 25]", types.toString());
        types.toArray()[0] = 0;
        assertEquals(23, types.get(0));
        assertEquals(ParameterTypes.NONE, ParameterTypes.of());
    }

    @Test
    void bindNames() {
        Wire.eachTypedFrame(Wire.buf(BIND), frame -> {
            assertEquals("p1", Bind.portal(frame));
            assertEquals("s1", Bind.statement(frame));
            int start = Bind.statementStart(frame);
            assertEquals("s1", frame.toString(start, Frames.cStringEnd(frame, start) - start, StandardCharsets.UTF_8));
        });
    }

    @Test
    void bindRenameKeepsTheRestByteIdentical() {
        ByteBuf frame = Wire.buf(BIND);
        ByteBuf renamed = Bind.withStatement(frame, "sluice_17", Wire.ALLOC);
        frame.release();  // the renamed frame holds its own reference to the parameters
        byte[] expected = hex("42 00000023 703100 736c756963655f313700 0001 0001 0001 00000004 0000002a 0001 0000");
        byte[] actual = ByteBufUtil.getBytes(renamed);
        Wire.eachTypedFrame(renamed, f -> {
            assertEquals("sluice_17", Bind.statement(f));
            assertEquals("p1", Bind.portal(f));
        });
        assertArrayEquals(expected, actual);
    }

    @Test
    void bindRenameOfALargeBindKeepsItsValuesWithoutCopyingThem() {
        // One text value of COPY_BELOW bytes: the rest goes as a slice of the original, not a copy.
        int valueLength = Bind.COPY_BELOW;
        ByteBuf frame = Wire.ALLOC.buffer();
        frame.writeByte('B').writeInt(0).writeBytes(hex("00 733100 0000 0001")).writeInt(valueLength);
        for (int i = 0; i < valueLength; i++) {
            frame.writeByte('a' + i % 26);
        }
        frame.writeShort(0).setInt(1, frame.writerIndex() - 1);
        byte[] rest = ByteBufUtil.getBytes(frame, 1 + 4 + 1 + 3, frame.writerIndex() - 9);
        ByteBuf renamed = Bind.withStatement(frame, "sluice_17", Wire.ALLOC);
        frame.release();
        byte[] actual = ByteBufUtil.getBytes(renamed);
        assertEquals(actual.length - 1, java.nio.ByteBuffer.wrap(actual).getInt(1), "the length counts the whole message");
        assertArrayEquals(rest, java.util.Arrays.copyOfRange(actual, actual.length - rest.length, actual.length));
        Wire.eachTypedFrame(renamed, f -> assertEquals("sluice_17", Bind.statement(f)));
    }

    @Test
    void unnamedStatementsAreToldWithoutDecoding() {
        ByteBuf named = Wire.buf(BIND);
        ByteBuf unnamed = Wire.buf(hex("42 0000000e 703100 00 0000 0000 0000"));
        ByteBuf parseUnnamed = new Parse("", "SELECT 1", ParameterTypes.NONE).write(Wire.ALLOC);
        ByteBuf parseNamed = new Parse("s1", "SELECT 1", ParameterTypes.NONE).write(Wire.ALLOC);
        try {
            assertEquals(true, Bind.namesStatement(named));
            assertEquals(false, Bind.namesStatement(unnamed));
            ByteBuf both = Wire.ALLOC.buffer().writeBytes(unnamed, 0, unnamed.readableBytes())
                    .writeBytes(named, 0, named.readableBytes());
            assertEquals(false, Bind.namesStatement(both, 0, unnamed.readableBytes()));
            assertEquals(true, Bind.namesStatement(both, unnamed.readableBytes(), named.readableBytes()));
            both.release();
            assertEquals(true, Parse.isUnnamed(parseUnnamed));
            assertEquals(false, Parse.isUnnamed(parseNamed));
            assertThrows(ProtocolException.class, () -> Parse.isUnnamed(named));
        } finally {
            named.release();
            unnamed.release();
            parseUnnamed.release();
            parseNamed.release();
        }
    }

    @Test
    void bindRenameToUnnamed() {
        ByteBuf frame = Wire.buf(BIND);
        try {
            Wire.eachTypedFrame(Bind.withStatement(frame, "", Wire.ALLOC), f -> assertEquals("", Bind.statement(f)));
        } finally {
            frame.release();
        }
    }

    @Test
    void describeAndClose() {
        assertArrayEquals(hex("44 00000008 53733100"), Wire.bytes(Describe.write(Wire.ALLOC, Describe.STATEMENT, "s1")));
        assertArrayEquals(hex("43 00000006 5000"), Wire.bytes(Close.write(Wire.ALLOC, Close.PORTAL, "")));
        Wire.eachTypedFrame(Describe.write(Wire.ALLOC, Describe.PORTAL, "p1"), frame -> {
            assertEquals('P', Describe.kind(frame));
            assertEquals("p1", Describe.name(frame));
        });
        Wire.eachTypedFrame(Close.write(Wire.ALLOC, Close.STATEMENT, "s1"), frame -> {
            assertEquals('S', Close.kind(frame));
            assertEquals("s1", Close.name(frame));
        });
    }

    @Test
    void describeAndCloseRename() {
        ByteBuf describe = Describe.write(Wire.ALLOC, Describe.STATEMENT, "s1");
        ByteBuf close = Close.write(Wire.ALLOC, Close.STATEMENT, "s1");
        try {
            assertArrayEquals(hex("44 00000008 53733200"), Wire.bytes(Describe.withName(describe, "s2", Wire.ALLOC)));
            assertArrayEquals(hex("43 00000008 53733200"), Wire.bytes(Close.withName(close, "s2", Wire.ALLOC)));
        } finally {
            describe.release();
            close.release();
        }
    }

    @Test
    void refusesUnknownKindAndWrongTag() {
        ByteBuf bad = Wire.buf(hex("44 00000006 5800"));
        ByteBuf close = Close.write(Wire.ALLOC, Close.STATEMENT, "s1");
        try {
            assertEquals("Describe kind: 'X' (expected: 'S' or 'P')",
                    assertThrows(ProtocolException.class, () -> Describe.kind(bad)).getMessage());
            assertThrows(ProtocolException.class, () -> Describe.name(close));
        } finally {
            bad.release();
            close.release();
        }
    }
}
