package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
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
}
