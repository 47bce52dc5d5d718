package io.sluice.protocol.backend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.protocol.Wire;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultSetWriterTest {

    @Test
    void writesRowDescriptionRowsAndCommandComplete() {
        byte[] bytes = Wire.bytes(ResultSetWriter.write(Wire.ALLOC,
                List.of(Column.text("db"), Column.int4("n")),
                List.of(List.of("a", 7), Arrays.asList(null, -1))));

        assertArrayEquals(hex(
                // RowDescription: 2 fields
                "54 0000002f 0002"
                        + " 646200 00000000 0000 00000019 ffff ffffffff 0000"
                        + " 6e00 00000000 0000 00000017 0004 ffffffff 0000"
                        // DataRow "a", "7"
                        + " 44 00000010 0002 00000001 61 00000001 37"
                        // DataRow NULL, "-1"
                        + " 44 00000010 0002 ffffffff 00000002 2d31"
                        // CommandComplete "SELECT 2"
                        + " 43 0000000d 53454c4543542032 00"), bytes);
    }

    @Test
    void refusesARowOfTheWrongWidthWithoutLeaking() {
        assertThrows(IllegalArgumentException.class, () -> ResultSetWriter.write(Wire.ALLOC,
                List.of(Column.text("only")), List.of(List.of("a", "b"))));
    }
}
