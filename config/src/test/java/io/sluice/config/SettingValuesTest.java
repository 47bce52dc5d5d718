package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    private static SluiceConfig config() throws ConfigException {
        return ConfigLoader.parse("""
                databases: { app: {} }
                pool: { size: 7, query_wait_timeout: 90s }
                users: { bob: { password: secret } }
                admin: { users: 'ops, root' }
                """, "sluice.yaml", Map.of());
    }

    @Test
    void everyGlobalSettingHasAValueInTheConfigRecords() throws Exception {
        SluiceConfig config = config();
        for (Setting setting : SettingValues.global()) {
            // Throws when a section record lacks the component the table names.
            SettingValues.show(config, setting);
        }
        assertEquals("7", SettingValues.show(config, Settings.POOL_SIZE));
        assertEquals("90s", SettingValues.show(config, Settings.POOL_QUERY_WAIT_TIMEOUT));
        assertEquals("ops,root", SettingValues.show(config, Settings.ADMIN_USERS));
        assertEquals("256MiB", SettingValues.show(config, Settings.LISTEN_MAX_PACKET_SIZE));
        assertTrue(SettingValues.global().stream().noneMatch(Setting::perEntry));
    }

    @Test
    void withReplacesOneValueAndKeepsTheRest() throws Exception {
        SluiceConfig changed = SettingValues.with(config(), Settings.POOL_SIZE, "12");
        assertEquals(12, changed.pool().size());
        assertEquals(Duration.ofSeconds(90), changed.pool().queryWaitTimeout());
        assertEquals(config().databases(), changed.databases());

        SluiceConfig bigger = SettingValues.with(config(), Settings.LISTEN_MAX_PACKET_SIZE, "1MiB");
        assertEquals(1024 * 1024, bigger.listen().maxPacketSize());
    }

    @Test
    void withRefusesWhatTheFileWouldRefuse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingValues.with(config(), Settings.POOL_SIZE, "0"));
        assertEquals("must be between 1 and 10000, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SettingValues.with(config(), Settings.DATABASE_PORT, "5433"));
    }

    @Test
    void findsByKeyOrUnambiguousName() {
        assertEquals(Settings.POOL_SIZE, SettingValues.find("pool.size").orElseThrow());
        assertEquals(Settings.POOL_QUERY_WAIT_TIMEOUT, SettingValues.find("QUERY_WAIT_TIMEOUT").orElseThrow());
        assertEquals(Settings.ADMIN_USERS, SettingValues.find("users").orElseThrow());
        assertTrue(SettingValues.find("no_such_setting").isEmpty());
    }
}
