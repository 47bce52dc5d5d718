package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-address connection limit and the failed-login backoff settings. */
class HostileInputSettingsTest {

    @Test
    void defaultsLimitNothingPerAddressAndBackOffAfterTenFailures() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse("auth: { type: trust }\ndatabases: { app: {} }\n", "t.yaml",
                Map.of());
        assertEquals(0, config.listen().maxClientConnPerAddress());
        AuthConfig.FailureBackoff backoff = config.auth().backoff();
        assertEquals(AuthConfig.FailureBackoff.DEFAULT, backoff);
        assertEquals(10, backoff.after());
        assertEquals(Duration.ofSeconds(60), backoff.window());
        assertEquals(Duration.ofSeconds(1), backoff.first());
        assertEquals(Duration.ofSeconds(30), backoff.max());
        assertTrue(backoff.enabled());
    }

    @Test
    void settingsAreRead() throws ConfigException {
        SluiceConfig config = ConfigLoader.parse("""
                listen: { max_client_conn_per_address: 50 }
                auth: { type: md5, failure_backoff_after: 0, failure_window: 10m, failure_backoff: 500ms,
                        failure_backoff_max: 5m }
                databases: { app: {} }
                """, "t.yaml", Map.of());
        assertEquals(50, config.listen().maxClientConnPerAddress());
        assertEquals(new AuthConfig.FailureBackoff(0, Duration.ofMinutes(10), Duration.ofMillis(500),
                Duration.ofMinutes(5)), config.auth().backoff());
        assertFalse(config.auth().backoff().enabled());
    }

    @Test
    void negativeValuesAreProblemsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                listen: { max_client_conn_per_address: -1 }
                auth: { failure_backoff_after: -3 }
                """, "t.yaml", Map.of()));
        String message = e.getMessage();
        assertTrue(message.contains("listen.max_client_conn_per_address"), message);
        assertTrue(message.contains("auth.failure_backoff_after"), message);
    }
}
