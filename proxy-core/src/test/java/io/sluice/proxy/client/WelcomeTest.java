package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.config.PoolMode;
import io.sluice.proxy.cancel.CancelKey;
import io.sluice.proxy.server.ClientSettings;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The welcome a client gets is the same, byte for byte and in the settings it leaves, whether it was prepared for
 * this client or reused from the last one with the same report, startup settings and mode; and a client's later
 * change never reaches another client that reused it.
 */
class WelcomeTest {

    private static final Map<String, String> REPORTED = sorted(Map.of("server_version", "17.2", "DateStyle",
            "ISO, MDY", "application_name", "", "TimeZone", "UTC", "client_encoding", "UTF8"));

    @Test
    void aReusedWelcomeIsTheWelcomePreparedAfresh() {
        Map<String, String> startup = sorted(Map.of("application_name", "app", "DateStyle", "German"));
        Welcome reusing = new Welcome("1.0");
        byte[] first = welcome(reusing, REPORTED, ClientSettings.sharing(startup), 1);
        ClientSettings second = ClientSettings.sharing(startup);
        byte[] reused = welcome(reusing, REPORTED, second, 1);
        ClientSettings fresh = ClientSettings.sharing(startup);
        byte[] prepared = welcome(new Welcome("1.0"), REPORTED, fresh, 1);

        assertArrayEquals(prepared, first);
        assertArrayEquals(prepared, reused);
        assertEquals(fresh.fingerprint(), second.fingerprint());
        // The client's own values are shown, and the server's others are now the client's settings too.
        String text = new String(reused, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(true, text.contains("DateStyle\0German\0"), text);
        assertEquals("UTC", second.get("timezone"));
        assertEquals("app", second.get("application_name"));
        assertEquals(null, second.get("server_version"), "not a setting a client can change");
    }

    @Test
    void otherStartupSettingsOrAnotherReportArePreparedAfresh() {
        Welcome welcome = new Welcome("1.0");
        welcome(welcome, REPORTED, ClientSettings.sharing(sorted(Map.of("DateStyle", "German"))), 1);
        ClientSettings other = ClientSettings.sharing(sorted(Map.of("DateStyle", "SQL")));
        String text = new String(welcome(welcome, REPORTED, other, 1), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(true, text.contains("DateStyle\0SQL\0"), text);
        assertEquals("SQL", other.get("datestyle"));

        Map<String, String> newReport = sorted(Map.of("TimeZone", "Europe/Paris"));
        ClientSettings third = ClientSettings.sharing(sorted(Map.of("DateStyle", "SQL")));
        welcome(welcome, newReport, third, 1);
        assertEquals("Europe/Paris", third.get("TimeZone"));
        assertEquals(null, third.get("client_encoding"));
    }

    @Test
    void aChangeByOneClientStaysItsOwn() {
        Map<String, String> startup = sorted(Map.of("application_name", "app"));
        Welcome welcome = new Welcome("1.0");
        ClientSettings first = ClientSettings.sharing(startup);
        ClientSettings second = ClientSettings.sharing(startup);
        welcome(welcome, REPORTED, first, 1);
        welcome(welcome, REPORTED, second, 2);
        String before = second.fingerprint();

        first.put("TimeZone", "Asia/Tokyo");
        first.putIfAbsent("search_path", "app");

        assertEquals("UTC", second.get("TimeZone"));
        assertEquals(null, second.get("search_path"));
        assertSame(before, second.fingerprint());
        assertNotEquals(before, first.fingerprint());
        assertEquals("app", startup.get("application_name"));
        assertEquals(1, startup.size(), "the shared startup map is never written");
    }

    @Test
    void eachClientGetsItsOwnCancelKey() {
        Map<String, String> startup = sorted(Map.of());
        Welcome welcome = new Welcome("1.0");
        byte[] one = welcome(welcome, REPORTED, ClientSettings.sharing(startup), 7);
        byte[] two = welcome(welcome, REPORTED, ClientSettings.sharing(startup), 8);
        assertEquals(one.length, two.length);
        assertNotEquals(new String(one, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(two, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static byte[] welcome(Welcome welcome, Map<String, String> reported, ClientSettings settings, int pid) {
        EmbeddedChannel ch = new EmbeddedChannel();
        welcome.write(ch, reported, settings, new CancelKey(pid, 42), PoolMode.TRANSACTION);
        ByteBuf out = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            ch.finishAndReleaseAll();
        }
    }

    private static Map<String, String> sorted(Map<String, String> values) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(values);
        return Collections.unmodifiableMap(map);
    }
}
