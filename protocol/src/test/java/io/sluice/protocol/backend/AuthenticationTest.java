package io.sluice.protocol.backend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class AuthenticationTest {

    @Test
    void okAndCleartext() {
        assertArrayEquals(hex("52 00000008 00000000"), Wire.bytes(Authentication.writeOk(Wire.ALLOC)));
        assertArrayEquals(hex("52 00000008 00000003"), Wire.bytes(Authentication.writeCleartextPassword(Wire.ALLOC)));
        Wire.eachTypedFrame(Authentication.writeOk(Wire.ALLOC),
                frame -> assertEquals(Authentication.OK, Authentication.type(frame)));
    }

    @Test
    void md5() {
        byte[] salt = hex("01020304");
        assertArrayEquals(hex("52 0000000c 00000005 01020304"), Wire.bytes(Authentication.writeMd5Password(Wire.ALLOC, salt)));
        Wire.eachTypedFrame(Authentication.writeMd5Password(Wire.ALLOC, salt), frame -> {
            assertEquals(Authentication.MD5_PASSWORD, Authentication.type(frame));
            assertArrayEquals(salt, Authentication.md5Salt(frame));
        });
    }

    @Test
    void saslMechanisms() {
        List<String> mechanisms = List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
        Wire.eachTypedFrame(Authentication.writeSasl(Wire.ALLOC, mechanisms), frame -> {
            assertEquals(Authentication.SASL, Authentication.type(frame));
            assertEquals(mechanisms, Authentication.saslMechanisms(frame));
        });
        assertArrayEquals(
                Wire.concat(hex("52 00000017 0000000a"), "SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII), hex("00 00")),
                Wire.bytes(Authentication.writeSasl(Wire.ALLOC, List.of("SCRAM-SHA-256"))));
    }

    @Test
    void saslContinueAndFinal() {
        byte[] data = "r=abc,s=c2FsdA==,i=4096".getBytes(StandardCharsets.US_ASCII);
        Wire.eachTypedFrame(Authentication.writeSaslContinue(Wire.ALLOC, data), frame -> {
            assertEquals(Authentication.SASL_CONTINUE, Authentication.type(frame));
            assertArrayEquals(data, Authentication.saslData(frame));
        });
        Wire.eachTypedFrame(Authentication.writeSaslFinal(Wire.ALLOC, data), frame -> {
            assertEquals(Authentication.SASL_FINAL, Authentication.type(frame));
            assertArrayEquals(data, Authentication.saslData(frame));
        });
    }

    @Test
    void readersCheckTheType() {
        ByteBuf ok = Authentication.writeOk(Wire.ALLOC);
        try {
            assertEquals("Authentication type: 0 (expected: 5)",
                    assertThrows(ProtocolException.class, () -> Authentication.md5Salt(ok)).getMessage());
            assertThrows(ProtocolException.class, () -> Authentication.saslMechanisms(ok));
            assertThrows(ProtocolException.class, () -> Authentication.saslData(ok));
        } finally {
            ok.release();
        }
    }
}
