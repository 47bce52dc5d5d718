package io.sluice.protocol.backend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class ErrorResponseTest {

    @Test
    void writesFieldsInOrder() {
        ErrorResponse error = ErrorResponse.of("FATAL", SqlState.TOO_MANY_CONNECTIONS, "too many");
        // S FATAL, V FATAL, C 53300, M too many, terminator.
        assertArrayEquals(hex("45 00000024 53464154414c00 56464154414c00 433533333030 00 4d746f6f206d616e7900 00"),
                Wire.bytes(error.write(Wire.ALLOC)));
    }

    @Test
    void roundTripsErrorsAndNotices() {
        ErrorResponse error = ErrorResponse.of("ERROR", SqlState.QUERY_CANCELED, "canceled")
                .withDetail("waited 5s")
                .withHint("raise query_wait_timeout");
        Wire.eachTypedFrame(error.write(Wire.ALLOC), frame -> {
            assertEquals('E', frame.getByte(0));
            ErrorResponse read = ErrorResponse.read(frame);
            assertEquals(error, read);
            assertEquals(List.of('S', 'V', 'C', 'M', 'D', 'H'), List.copyOf(read.fields().keySet()));
        });
        Wire.eachTypedFrame(error.writeNotice(Wire.ALLOC), frame -> {
            assertEquals('N', frame.getByte(0));
            assertEquals(error, ErrorResponse.read(frame));
        });
    }

    @Test
    void accessors() {
        ErrorResponse error = ErrorResponse.of("ERROR", SqlState.PROTOCOL_VIOLATION, "bad").withHint("h");
        assertEquals("ERROR", error.severity());
        assertEquals("08P01", error.sqlState());
        assertEquals("bad", error.message());
        assertNull(error.detail());
        assertEquals("h", error.hint());
        assertFalse(error.isFatal());
        assertTrue(ErrorResponse.of("PANIC", "XX000", "x").isFatal());
        // A localized 'S' with a non-localized 'V': V decides.
        assertTrue(new ErrorResponse(Map.of('S', "FATAL_LOCALIZED", 'V', "FATAL")).isFatal());
        assertTrue(new ErrorResponse(Map.of('S', "FATAL")).isFatal());
        assertThrows(UnsupportedOperationException.class, () -> error.fields().put('X', "y"));
    }

    @Test
    void refusesOtherTagsAndUnterminatedFields() {
        for (String bad : new String[] {"5a 00000005 49", "45 00000008 4d6100", "45 00000007 4d61"}) {
            ByteBuf frame = Wire.buf(hex(bad));
            try {
                assertThrows(ProtocolException.class, () -> ErrorResponse.read(frame));
            } finally {
                frame.release();
            }
        }
    }
}
