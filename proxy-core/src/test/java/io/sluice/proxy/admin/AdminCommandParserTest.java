package io.sluice.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminCommandParserTest {

    @Test
    void readsPgBouncersCommandsCaseInsensitively() {
        assertEquals(new AdminCommand.Show("POOLS"), AdminCommandParser.parse("show pools;"));
        assertEquals(new AdminCommand.Show("STATS_TOTALS"), AdminCommandParser.parse("  SHOW  stats_totals  "));
        assertEquals(new AdminCommand.Pause(null), AdminCommandParser.parse("PAUSE"));
        assertEquals(new AdminCommand.Pause("my db"), AdminCommandParser.parse("pause \"my db\""));
        assertEquals(new AdminCommand.Resume("app"), AdminCommandParser.parse("RESUME app"));
        assertEquals(new AdminCommand.Disable("app"), AdminCommandParser.parse("disable app"));
        assertEquals(new AdminCommand.Enable("app"), AdminCommandParser.parse("enable app"));
        assertEquals(new AdminCommand.Reconnect(null), AdminCommandParser.parse("RECONNECT"));
        assertEquals(new AdminCommand.Kill("app"), AdminCommandParser.parse("KILL app"));
        assertEquals(new AdminCommand.KillClient(42), AdminCommandParser.parse("KILL_CLIENT 42"));
        assertEquals(new AdminCommand.WaitClose("app"), AdminCommandParser.parse("WAIT_CLOSE app"));
        assertEquals(new AdminCommand.Suspend(), AdminCommandParser.parse("SUSPEND"));
        assertEquals(new AdminCommand.Reload(), AdminCommandParser.parse("reload;"));
        assertEquals(new AdminCommand.Shutdown(AdminCommand.ShutdownMode.NOW), AdminCommandParser.parse("SHUTDOWN"));
        assertEquals(new AdminCommand.Shutdown(AdminCommand.ShutdownMode.WAIT_FOR_CLIENTS),
                AdminCommandParser.parse("shutdown wait_for_clients"));
        assertEquals(new AdminCommand.Empty(), AdminCommandParser.parse(" ; "));
    }

    @Test
    void setTakesQuotedValuesAndLetsDriverChatterThrough() {
        assertEquals(new AdminCommand.Set("pool.size", "5"), AdminCommandParser.parse("SET pool.size = 5"));
        assertEquals(new AdminCommand.Set("query_wait_timeout", "it's"),
                AdminCommandParser.parse("set QUERY_WAIT_TIMEOUT to 'it''s'"));
        assertEquals(new AdminCommand.SessionSet("extra_float_digits"),
                AdminCommandParser.parse("SET extra_float_digits = 3"));
        assertEquals(new AdminCommand.SessionSet("names"), AdminCommandParser.parse("SET NAMES 'UTF8'"));
    }

    @Test
    void everyMistakeIsASyntaxErrorThatSaysWhat() {
        for (String bad : List.of("FROBNICATE", "SHOW", "SHOW POOLS EXTRA", "KILL_CLIENT x", "SHUTDOWN NOW",
                "SHUTDOWN later", "SET pool.size", "SET pool.size 5", "PAUSE a b", "DISABLE", "SHOW \"open",
                "SELECT 1; SELECT 2")) {
            AdminException e = assertThrows(AdminException.class, () -> AdminCommandParser.parse(bad), bad);
            assertEquals("42601", e.sqlState(), bad);
        }
    }

    @Test
    void onlyShowAndSessionChatterAreReadOnly() {
        assertEquals(true, AdminCommandParser.parse("SHOW POOLS").readOnly());
        assertEquals(true, AdminCommandParser.parse("SET application_name = 'x'").readOnly());
        assertEquals(false, AdminCommandParser.parse("SET pool.size = 3").readOnly());
        assertEquals(false, AdminCommandParser.parse("PAUSE").readOnly());
    }
}
