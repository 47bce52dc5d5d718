package io.sluice.protocol.frontend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrontendFramesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "51 0000000d 53454c4543542031 00",                            // Query "SELECT 1"
        "50 00000015 00 53454c454354202431 00 0001 00000017",          // Parse "" "SELECT $1" (int4)
        "42 00000017 00 533100 0001 0000 0001 00000001 37 0001 0001",   // Bind "" S1, one text value, binary result
        "42 00000010 00 00 0000 0001 ffffffff 0000",                    // Bind with one NULL
        "44 00000008 53 533100",                                       // Describe 'S' S1
        "43 00000006 50 00",                                           // Close 'P' ""
        "45 00000009 00 00000000",                                     // Execute "" all rows
        "53 00000004", "48 00000004", "58 00000004", "63 00000004",    // Sync, Flush, Terminate, CopyDone
        "64 00000007 616263",                                          // CopyData
        "66 00000009 6e6f7065 00",                                     // CopyFail "nope"
        "46 00000014 000004d2 0000 0001 00000002 3432 0000",           // FunctionCall 1234('42')
    })
    void acceptsWellFormedMessages(String message) {
        ByteBuf frame = Unpooled.wrappedBuffer(hex(message));
        assertDoesNotThrow(() -> FrontendFrames.check(frame));
        // The frame is its own cursor during the check: it is forwarded as it came.
        assertEquals(0, frame.readerIndex());
        frame.release();
        ByteBuf run = inRun(message);
        assertDoesNotThrow(() -> FrontendFrames.check(run, 5, hex(message).length));
        assertEquals(0, run.readerIndex());
        assertEquals(hex(message).length + 7, run.writerIndex());
        run.release();
    }

    /** The message in place, as the frame decoder offers it to a run: after a Sync, before two other bytes. */
    private static ByteBuf inRun(String message) {
        return Unpooled.buffer().writeBytes(hex("53 00000004")).writeBytes(hex(message)).writeBytes(hex("53 00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "7a 00000004",                                                 // unknown type 'z'
        "70 00000009 73656372 00",                                     // PasswordMessage after login
        "51 0000000c 53454c4543542031",                                // Query without its NUL
        "51 00000004",                                                 // Query with no body at all
        "51 0000000e 53454c4543542031 00 00",                          // Query with a trailing byte
        "50 00000015 00 53454c454354202431 00 0002 00000017",          // Parse: 2 types, 1 given
        "42 00000010 00 00 0000 0001 fffffffe 0000",                    // Bind: value length -2
        "42 00000012 00 00 0000 0001 00000009 3737 0000",               // Bind: value longer than the message
        "42 0000000a 00 00 0000 0000",                                  // Bind: result formats missing
        "44 00000006 58 00",                                           // Describe kind 'X'
        "43 00000004",                                                 // Close without a kind
        "45 00000006 00 00",                                           // Execute: max rows truncated
        "53 00000005 00",                                              // Sync with a body
    })
    void refusesMalformedMessages(String message) {
        ByteBuf frame = Unpooled.wrappedBuffer(hex(message));
        ProtocolException e = assertThrows(ProtocolException.class, () -> FrontendFrames.check(frame));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
        assertEquals(0, frame.readerIndex());
        frame.release();
        // In place, the same verdict: the bytes after the message are not read as part of it.
        ByteBuf run = inRun(message);
        ProtocolException inPlace = assertThrows(ProtocolException.class,
                () -> FrontendFrames.check(run, 5, hex(message).length));
        assertEquals(e.getMessage(), inPlace.getMessage());
        assertEquals(0, run.readerIndex());
        assertEquals(hex(message).length + 7, run.writerIndex());
        run.release();
    }
}
