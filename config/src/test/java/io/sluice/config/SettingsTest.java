package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void everyDeclaredSettingIsInTheTable() throws IllegalAccessException {
        Set<Setting> declared = new HashSet<>();
        for (Field f : Settings.class.getDeclaredFields()) {
            if (f.getType() == Setting.class && Modifier.isStatic(f.getModifiers())) {
                declared.add((Setting) f.get(null));
            }
        }
        assertEquals(declared, Set.copyOf(Settings.all()));
    }

    @Test
    void keysAreUniqueLowerSnakeCase() {
        List<String> keys = Settings.all().stream().map(Setting::key).toList();
        assertEquals(keys.size(), Set.copyOf(keys).size());
        keys.forEach(k -> assertTrue(k.matches("[a-z_]+(\\.([a-z_]+|\\*))+"), k));
    }

    @Test
    void everyDefaultParsesAsItsOwnType() {
        for (Setting s : Settings.all()) {
            if (s.defaultValue() != null) {
                assertDoesNotThrow(() -> s.parse(s.defaultValue()), s.key());
            }
        }
    }

    @Test
    void docsAreOneLine() {
        Settings.all().forEach(s -> assertTrue(!s.doc().contains("\n") && s.doc().endsWith("."), s.key()));
    }

    @Test
    void settingNamesItsParts() {
        assertEquals("databases", Settings.DATABASE_POOL_SIZE.section());
        assertEquals("pool_size", Settings.DATABASE_POOL_SIZE.name());
        assertTrue(Settings.DATABASE_POOL_SIZE.perEntry());
        assertEquals(List.of(Settings.AUTH_TYPE, Settings.AUTH_QUERY, Settings.AUTH_USER, Settings.AUTH_DATABASE,
                Settings.AUTH_QUERY_MAX_CONNECTIONS, Settings.AUTH_QUERY_CACHE_TTL,
                Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL, Settings.AUTH_FAILURE_BACKOFF_AFTER,
                Settings.AUTH_FAILURE_WINDOW, Settings.AUTH_FAILURE_BACKOFF, Settings.AUTH_FAILURE_BACKOFF_MAX),
                Settings.under("auth"));
    }
}
