package io.sluice.protocol.backend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DataRow: text columns, NULL, and every way a row can disagree with its length. */
class DataRowTest {

    @Test
    void readsTextAndNullColumns() {
        // 2 columns: "ab" and NULL.
        byte[] bytes = hex("44 00000010 0002 00000002 6162 ffffffff");
        assertArrayEquals(bytes, Wire.bytes(DataRow.write(Wire.ALLOC, Arrays.asList("ab", null))));
        Wire.eachTypedFrame(Wire.buf(bytes), frame -> assertEquals(Arrays.asList("ab", null), DataRow.read(frame)));
    }

    @Test
    void readsUtf8AndEmptyRows() {
        Wire.eachTypedFrame(DataRow.write(Wire.ALLOC, List.of("é", "")),
                frame -> assertEquals(List.of("é", ""), DataRow.read(frame)));
        Wire.eachTypedFrame(DataRow.write(Wire.ALLOC, List.of()), frame -> assertEquals(List.of(), DataRow.read(frame)));
    }

    @Test
    void refusesRowsThatDisagreeWithTheirLength() {
        for (String bad : new String[] {
            "44 00000004",                           // no column count
            "44 0000000a 0001 00000002",             // value missing
            "44 0000000b 0001 00000003 6162",        // value shorter than its length
            "44 0000000a 0001 fffffffe",             // negative length other than -1
            "44 0000000c 0001 ffffffff 0000",        // trailing bytes
            "44 00000008 0002 ffffffff",             // fewer columns than counted
        }) {
            ByteBuf frame = Wire.buf(hex(bad));
            try {
                assertThrows(ProtocolException.class, () -> DataRow.read(frame), bad);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void refusesAnotherMessage() {
        ByteBuf frame = Wire.buf(hex("43 00000008 53455400"));
        try {
            assertThrows(ProtocolException.class, () -> DataRow.read(frame));
        } finally {
            frame.release();
        }
    }
}
