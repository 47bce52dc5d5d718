package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.LogEvent;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLineFormatterTest {

    private static LogRecord record(String message, Object... params) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setInstant(Instant.parse("2026-11-22T20:00:00Z"));
        record.setLoggerName("io.sluice.test");
        record.setParameters(params);
        return record;
    }

    @Test
    void eventFieldsBecomeMembersWithNumbersAsNumbers() {
        LogEvent event = LogEvent.of("client login").with("id", 12L).with("db", "app").with("user", "bo\"b")
                .with("skipped", null);
        String line = new JsonLineFormatter().format(record("{0}", event));
        assertEquals("{\"time\":\"2026-11-22T20:00:00Z\",\"level\":\"INFO\",\"logger\":\"io.sluice.test\","
                + "\"event\":\"client login\",\"id\":12,\"db\":\"app\",\"user\":\"bo\\\"b\"}"
                + System.lineSeparator(), line);
        assertEquals("client login id=12 db=app user=\"bo\\\"b\"", event.toString());
    }

    @Test
    void plainMessagesAndControlCharactersAreEscaped() {
        String line = new JsonLineFormatter().format(record("line one\nline {0}", "two\t!"));
        assertTrue(line.contains("\"message\":\"line one\\nline two\\t!\""), line);
        assertEquals("\\u0001", JsonLineFormatter.escape("\u0001"));
    }
}
