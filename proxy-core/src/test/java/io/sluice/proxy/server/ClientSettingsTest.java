package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    @Test
    void equalSettingsHaveEqualFingerprintsWhateverTheCaseOfTheirNames() {
        ClientSettings a = new ClientSettings(Map.of("DateStyle", "ISO, MDY", "application_name", "app"));
        ClientSettings b = new ClientSettings(Map.of("datestyle", "ISO, MDY", "APPLICATION_NAME", "app"));
        assertEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    void everyChangeChangesTheFingerprint() {
        ClientSettings settings = new ClientSettings(Map.of("application_name", "app"));
        String before = settings.fingerprint();
        settings.put("application_name", "other");
        String put = settings.fingerprint();
        assertNotEquals(before, put);
        settings.putIfAbsent("TimeZone", "UTC");
        String added = settings.fingerprint();
        assertNotEquals(put, added);
        settings.replaceAll((name, value) -> value.toUpperCase(java.util.Locale.ROOT));
        String replaced = settings.fingerprint();
        assertNotEquals(added, replaced);
        settings.resetTo(Map.of("application_name", "app"));
        assertEquals(before, settings.fingerprint());
    }

    @Test
    void aNameAndValueCannotBeConfusedWithTwoOthers() {
        // "a" = "b\0c" must not look like "a" = "b" followed by a setting named "c".
        ClientSettings one = new ClientSettings(Map.of("a", "bc", "d", "e"));
        ClientSettings two = new ClientSettings(Map.of("a", "b", "cd", "e"));
        assertNotEquals(one.fingerprint(), two.fingerprint());
    }

    @Test
    void clientsWithEqualSettingsShareOneMapAndAChangeCopiesIt() {
        SharedSettings pool = new SharedSettings();
        ClientSettings a = new ClientSettings(Map.of("application_name", "app", "TimeZone", "UTC"));
        ClientSettings b = new ClientSettings(Map.of("APPLICATION_NAME", "app", "timezone", "UTC"));
        a.share(pool);
        b.share(pool);
        String shared = a.fingerprint();

        a.put("application_name", "a's own");
        assertEquals("a's own", a.get("application_name"));
        assertEquals("app", b.get("application_name"), "b still has the shared map, untouched");
        assertEquals(shared, b.fingerprint());

        ClientSettings c = new ClientSettings(Map.of("application_name", "app", "TimeZone", "UTC"));
        c.share(pool);
        assertEquals(shared, c.fingerprint(), "the map the pool hands on kept its values");
        c.putIfAbsent("DateStyle", "ISO");
        c.replaceAll((name, value) -> value.equals("UTC") ? "Etc/UTC" : value);
        assertEquals("Etc/UTC", c.get("TimeZone"));
        assertEquals("UTC", b.get("TimeZone"));
        assertNull(b.get("DateStyle"));
        b.resetTo(Map.of());
        assertEquals("app", c.get("application_name"));
    }

    @Test
    void aReplacementThatChangesNothingCallsTheFunctionOncePerSettingAndKeepsTheFingerprint() {
        ClientSettings settings = new ClientSettings(Map.of("TimeZone", "UTC"));
        settings.share(new SharedSettings());
        String before = settings.fingerprint();
        List<String> seen = new ArrayList<>();
        settings.replaceAll((name, value) -> {
            seen.add(name);
            return value;
        });
        assertEquals(List.of("TimeZone"), seen, "called once per setting");
        assertEquals(before, settings.fingerprint());
    }

    @Test
    void thePoolHandsOnAnEqualMapItselfAndOtherwiseTakesTheNewOne() {
        SharedSettings pool = new SharedSettings();
        Map<String, String> first = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        first.put("user", "alice");
        Map<String, String> equal = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        equal.put("USER", "alice");
        Map<String, String> other = Map.of("user", "bob");

        assertSame(first, pool.share(first));
        assertSame(first, pool.share(equal));
        assertSame(other, pool.share(other));
        assertSame(other, pool.share(Map.of("user", "bob")));
    }
}
