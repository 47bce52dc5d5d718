package io.sluice.protocol.frontend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** Query, PasswordMessage / SASL responses and the bodiless frontend messages. */
class SimpleMessagesTest {

    @Test
    void query() {
        assertArrayEquals(hex("51 0000000d 53454c4543542031 00"), Wire.bytes(Query.write(Wire.ALLOC, "SELECT 1")));
        Wire.eachTypedFrame(Query.write(Wire.ALLOC, "SELECT 'é'"),
                frame -> assertEquals("SELECT 'é'", Query.sql(frame)));
    }

    @Test
    void queryReaderRefusesOtherMessages() {
        ByteBuf sync = FrontendMessages.sync(Wire.ALLOC);
        try {
            assertThrows(ProtocolException.class, () -> Query.sql(sync));
        } finally {
            sync.release();
        }
    }

    @Test
    void bodilessMessages() {
        assertArrayEquals(hex("58 00000004"), Wire.bytes(FrontendMessages.terminate(Wire.ALLOC)));
        assertArrayEquals(hex("53 00000004"), Wire.bytes(FrontendMessages.sync(Wire.ALLOC)));
        assertArrayEquals(hex("48 00000004"), Wire.bytes(FrontendMessages.flush(Wire.ALLOC)));
    }

    @Test
    void password() {
        assertArrayEquals(hex("70 00000008 70776400"), Wire.bytes(PasswordMessages.writePassword(Wire.ALLOC, "pwd")));
        Wire.eachTypedFrame(PasswordMessages.writePassword(Wire.ALLOC, "md5abc"),
                frame -> assertEquals("md5abc", PasswordMessages.password(frame)));
    }

    @Test
    void saslInitialResponse() {
        byte[] data = "n,,n=*,r=abc".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = Wire.concat(hex("70 00000022"), "SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII),
                hex("00 0000000c"), data);
        assertArrayEquals(expected, Wire.bytes(PasswordMessages.writeSaslInitialResponse(Wire.ALLOC, "SCRAM-SHA-256", data)));
        Wire.eachTypedFrame(PasswordMessages.writeSaslInitialResponse(Wire.ALLOC, "SCRAM-SHA-256", data), frame -> {
            assertEquals("SCRAM-SHA-256", PasswordMessages.saslMechanism(frame));
            assertArrayEquals(data, PasswordMessages.saslInitialData(frame));
        });
    }

    @Test
    void saslInitialResponseWithoutData() {
        ByteBuf frame = Wire.buf(hex("70 0000000b 4d00 ffffffff"));
        try {
            assertArrayEquals(new byte[0], PasswordMessages.saslInitialData(frame));
        } finally {
            frame.release();
        }
        ByteBuf bad = Wire.buf(hex("70 0000000c 4d00 00000005 00"));
        try {
            assertThrows(ProtocolException.class, () -> PasswordMessages.saslInitialData(bad));
        } finally {
            bad.release();
        }
    }

    @Test
    void saslResponse() {
        byte[] data = "c=biws,r=abc,p=xyz".getBytes(StandardCharsets.US_ASCII);
        Wire.eachTypedFrame(PasswordMessages.writeSaslResponse(Wire.ALLOC, data),
                frame -> assertArrayEquals(data, PasswordMessages.saslResponseData(frame)));
    }
}
