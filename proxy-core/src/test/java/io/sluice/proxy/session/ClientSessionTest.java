package io.sluice.proxy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.server.SqlLiterals;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    @Test
    void startupParametersAndOptionsBecomeSettings() {
        ClientSession session = ClientSession.of(startup(Map.of(
                "application_name", "api",
                "options", "-c statement_timeout=5s --search_path=app")));
        assertEquals("alice", session.user());
        assertEquals("appdb", session.database());
        assertEquals(Map.of("application_name", "api", "statement_timeout", "5s", "search_path", "app"),
                session.settings());
    }

    @Test
    void literalsSurviveQuotesAndBackslashes() {
        assertEquals("'plain'", SqlLiterals.string("plain"));
        assertEquals("'it''s'", SqlLiterals.string("it's"));
        assertEquals("E'C:\\\\dir ''x'''", SqlLiterals.string("C:\\dir 'x'"));
    }

    @Test
    void parameterNamesThatAreNotNamesAreRefused() {
        assertThrows(ProtocolException.class,
                () -> ClientSession.of(startup(Map.of("x; DROP TABLE t; --", "1"))));
    }

    @Test
    void protocolOptionsAndIdentityAreNotSettings() {
        ClientSession session = ClientSession.of(startup(Map.of("_pq_.something", "on", "replication", "false")));
        assertEquals(Map.of(), session.settings());
    }

    private static StartupMessage startup(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", "alice");
        params.put("database", "appdb");
        params.putAll(extra);
        return new StartupMessage(StartupMessage.PROTOCOL_3_0, params);
    }
}
