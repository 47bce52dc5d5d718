package io.sluice.protocol.frontend;

import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class StartupMessageTest {

    @Test
    void writesAndReadsInOrder() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "db");
        parameters.put("application_name", "psql");
        StartupMessage message = new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
        Wire.eachStartupPacket(message.write(Wire.ALLOC), frame -> {
            assertEquals(StartupMessage.PROTOCOL_3_0, StartupMessage.code(frame));
            StartupMessage read = StartupMessage.read(frame);
            assertEquals(message, read);
            assertEquals(List.of("user", "database", "application_name"), List.copyOf(read.parameters().keySet()));
        });
    }

    @Test
    void writesExactBytes() {
        assertArrayEquals(hex("0000000d 00030000 7500 7800 00"),
                Wire.bytes(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("u", "x")).write(Wire.ALLOC)));
    }

    @Test
    void databaseDefaultsToUser() {
        assertEquals("app", new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", "app")).database());
        assertEquals("app", new StartupMessage(StartupMessage.PROTOCOL_3_0,
                Map.of("user", "app", "database", "")).database());
        assertEquals("db", new StartupMessage(StartupMessage.PROTOCOL_3_0,
                Map.of("user", "app", "database", "db")).database());
        assertNull(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of()).user());
    }

    @Test
    void parametersAreUnmodifiableCopies() {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("user", "app"));
        StartupMessage message = new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters);
        parameters.put("user", "other");
        assertEquals("app", message.user());
        assertThrows(UnsupportedOperationException.class, () -> message.parameters().put("a", "b"));
        assertThrows(NullPointerException.class, () -> new StartupMessage(1, null));
    }

    @Test
    void refusesMissingTerminator() {
        assertMalformed("0000000c 00030000 7500 7800", "startup packet terminator: missing (expected: NUL after the last pair)");
        assertMalformed("0000000b 00030000 7500 78", "string terminator: missing after 1 bytes (expected: NUL)");
        assertMalformed("0000000e 00030000 7500 7800 00 00", "startup packet trailing bytes: 1 (expected: 0)");
        assertMalformed("00000010 00030000 7500 7800 00", "startup packet length: 16 (expected: 13)");
    }

    @Test
    void parsesOptionsLikePostgres() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("search_path", "a b");
        expected.put("statement_timeout", "5s");
        expected.put("work_mem", "64MB");
        expected.put("geqo", "off");
        assertEquals(expected, StartupMessage.parseOptions(
                "  -c search_path=a\\ b\t--statement-timeout=5s -cwork_mem=64MB   -c geqo=off "));
        assertEquals(Map.of("x", "a\\b"), StartupMessage.parseOptions("-c x=a\\\\b"));
        assertEquals(Map.of(), StartupMessage.parseOptions(""));
    }

    @Test
    void refusesOtherSwitches() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> StartupMessage.parseOptions("-B 100"));
        assertEquals("options switch: -B (expected: -c name=value or --name=value)", e.getMessage());
        assertThrows(ProtocolException.class, () -> StartupMessage.parseOptions("-c"));
        assertThrows(ProtocolException.class, () -> StartupMessage.parseOptions("-c novalue"));
        assertThrows(ProtocolException.class, () -> StartupMessage.parseOptions("--=x"));
    }

    private static void assertMalformed(String packet, String message) {
        ByteBuf buf = Wire.buf(hex(packet));
        try {
            assertEquals(message, assertThrows(ProtocolException.class, () -> StartupMessage.read(buf)).getMessage());
        } finally {
            buf.release();
        }
    }
}
