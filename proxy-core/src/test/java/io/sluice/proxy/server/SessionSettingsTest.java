package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    private ServerParameters reported;
    private SessionSettings session;

    @BeforeEach
    void setUp() {
        reported = new ServerParameters();
        reported.update("DateStyle", "ISO, MDY");
        reported.update("application_name", "");
        session = new SessionSettings(reported);
    }

    @Test
    void setsWhatDiffersFromWhatTheServerReportsAndNothingElse() {
        ClientSettings client = new ClientSettings(Map.of("datestyle", "ISO, MDY", "application_name", "it's"));
        assertEquals("SET application_name = 'it''s';", session.sqlFor(client));
    }

    @Test
    void aClientWithTheSameSettingsAsTheLastMatchedCostsNoComparison() {
        ClientSettings first = new ClientSettings(Map.of("DateStyle", "ISO, MDY"));
        assertEquals("", session.sqlFor(first));
        // Same fingerprint: not compared again, even though the server's report changed behind its back...
        reported.update("DateStyle", "German");
        assertEquals("", session.sqlFor(new ClientSettings(Map.of("DateStyle", "ISO, MDY"))));
        // ...unless Sluice was told, as ParameterStatus tells it.
        session.unknown();
        assertEquals("SET DateStyle = 'ISO, MDY';", session.sqlFor(first));
    }

    @Test
    void matchesOnlyWhatWasMatchedOrAppliedSinceTheLastChange() {
        ClientSettings client = new ClientSettings(Map.of("DateStyle", "ISO, MDY"));
        assertFalse(session.matches(client), "never compared: not known to match");
        assertEquals("", session.sqlFor(client));
        assertTrue(session.matches(client));
        assertTrue(session.matches(new ClientSettings(Map.of("datestyle", "ISO, MDY"))), "equal settings, any case");
        assertFalse(session.matches(new ClientSettings(Map.of("DateStyle", "German"))));
        session.changedByClient();
        assertFalse(session.matches(client), "a client's SET makes it unknown");
        ClientSettings searchPath = new ClientSettings(Map.of("search_path", "app"));
        session.applied(searchPath);
        assertTrue(session.matches(searchPath));
        session.unknown();
        assertFalse(session.matches(searchPath));
    }

    @Test
    void anInjectedSettingIsRememberedAndResetForAClientThatDoesNotWantIt() {
        ClientSettings withSearchPath = new ClientSettings(Map.of("search_path", "app"));
        assertEquals("SET search_path = 'app';", session.sqlFor(withSearchPath));
        session.applied(withSearchPath);
        assertTrue(session.needsReset());
        assertEquals("", session.sqlFor(withSearchPath));
        ClientSettings plain = new ClientSettings(Map.of());
        assertEquals("RESET search_path;", session.sqlFor(plain));
        session.applied(plain);
        assertFalse(session.needsReset());
    }

    @Test
    void appliedValuesTakeTheServersSpellingSoTheNextComparisonIsEqual() {
        ClientSettings client = new ClientSettings(Map.of("DateStyle", "ISO"));
        assertEquals("SET DateStyle = 'ISO';", session.sqlFor(client));
        reported.update("DateStyle", "ISO, MDY");
        session.applied(client);
        assertEquals("ISO, MDY", client.get("DateStyle"));
        session.unknown();
        assertEquals("", session.sqlFor(client));
    }

    @Test
    void aClientsOwnSetMakesTheSessionNeedAResetUntilOneRan() {
        assertFalse(session.needsReset());
        session.changedByClient();
        assertTrue(session.isChangedByClient());
        assertTrue(session.needsReset());
        session.reset();
        assertFalse(session.isChangedByClient());
        assertFalse(session.needsReset());
    }
}
