package io.sluice.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Fuzzes {@link AdminCommandParser} with arbitrary query strings, as any console user can send them. Invariants:
 * it returns a command or refuses with a syntax error (42601), nothing else; a SHOW subject is upper case.
 */
class AdminCommandParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parsesOrRefusesWithSyntaxError(byte[] input) {
        String sql = new String(input, StandardCharsets.UTF_8);
        AdminCommand command;
        try {
            command = AdminCommandParser.parse(sql);
        } catch (AdminException e) {
            assertEquals("42601", e.sqlState(), e.getMessage());
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(command);
        if (command instanceof AdminCommand.Show show) {
            assertEquals(show.what().toUpperCase(Locale.ROOT), show.what());
        }
    }
}
