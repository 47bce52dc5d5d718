package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sluice top}'s drawing: a fixed frame, a fixed size, exact lines. */
class TopViewTest {

    private static final Instant AT = Instant.parse("2026-11-22T22:42:14Z");

    private static TopSample.Pool pool(String db, String user, String mode, int clActive, int clWaiting,
            int svActive, int svIdle, int size, long maxWaitMicros, boolean paused) {
        return new TopSample.Pool(db, user, mode, clActive, clWaiting, svActive, svIdle, 0, 0, size, maxWaitMicros,
                paused);
    }

    private static TopSample.Client client(long id, String db, String state, boolean linked, long waitMicros,
            Duration sinceRequest) {
        return new TopSample.Client(id, "app", db, state, "10.0.0." + id, 50000 + (int) id, waitMicros,
                AT.minus(sinceRequest), linked, id == 7 ? "billing-worker" : "");
    }

    private static TopFrame frame() {
        List<TopFrame.PoolLine> pools = List.of(
                new TopFrame.PoolLine(pool("app", "app", "transaction", 12, 0, 5, 3, 20, 0, false), 123.4, 456.0),
                new TopFrame.PoolLine(pool("busy", "app", "transaction", 3, 4, 2, 0, 2, 1_500_000, false), 9.5,
                        19.0),
                new TopFrame.PoolLine(pool("reports", "analyst", "session", 0, 0, 0, 1, 10, 0, true), 0.0, 0.0));
        List<TopFrame.ClientLine> busiest = List.of(
                new TopFrame.ClientLine(client(7, "busy", "waiting", false, 1_500_000, Duration.ofMillis(1500)),
                        Duration.ofMillis(1500)),
                new TopFrame.ClientLine(client(12, "app", "active", true, 0, Duration.ofSeconds(75)),
                        Duration.ofSeconds(75)));
        return new TopFrame("admin@127.0.0.1:6432/sluice", AT, ZoneOffset.UTC, Duration.ofSeconds(1), pools, busiest,
                true, null);
    }

    @Test
    void frameAtAFixedWidthIsExactlyTheseLines() {
        List<String> lines = TopView.render(frame(), 110, Integer.MAX_VALUE, false);

        assertEquals(List.of(
                "sluice top  admin@127.0.0.1:6432/sluice  22:42:14  every 1s",
                "pools 3  clients 15 active, 4 waiting  servers 7 active, 4 idle, 0 login of 32  xact/s 133  query/s 475",
                "",
                "DATABASE USER    MODE        SERVERS                   UTIL  ACT SIZE CL_ACT WAITING MAXWAIT   XACT/S"
                        + "  QUERY/S",
                "app      app     tx          [#####---..........]       25%    5   20     12       0       0      123"
                        + "      456",
                "busy     app     tx          [##################]++++> 100%    2    2      3       4    1.5s      9.5"
                        + "       19",
                "reports  analyst sess paused [--................]        0%    0   10      0       0       0      0.0"
                        + "      0.0",
                "",
                "busiest clients (waiting longest, then longest since their request)",
                "ID DATABASE USER STATE   ADDR            WAIT REQUEST APP",
                " 7 busy     app  waiting 10.0.0.7:50007  1.5s    1.5s billing-worker",
                "12 app      app  active* 10.0.0.12:50012    0   1m15s"), lines);
    }

    @Test
    void noLineIsWiderThanTheWidth() {
        for (int width = 20; width <= 200; width += 7) {
            for (String line : TopView.render(frame(), width, Integer.MAX_VALUE, false)) {
                assertTrue(line.length() <= width, width + ": " + line);
            }
        }
    }

    @Test
    void aShortTerminalGetsTheHeaderSomePoolsAndACountOfTheRest() {
        // Three pools and two clients need 12 lines; 11 leave room for one pool and a count of the others.
        assertEquals(12, TopView.render(frame(), 110, 12, false).size());
        List<String> lines = TopView.render(frame(), 110, 11, false);

        assertEquals(11, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(4).startsWith("app "), lines.get(4));
        assertTrue(lines.get(5).startsWith("... 2 more pools"), lines.get(5));
    }

    @Test
    void onATerminalHeadingsAreHighlightedAndTheHeaderSaysHowToQuit() {
        List<String> lines = TopView.render(frame(), 110, 40, true);

        assertTrue(lines.get(0).contains("(q quits)"), lines.get(0));
        assertTrue(lines.get(3).startsWith("\u001b[7mDATABASE"), lines.get(3));
        assertTrue(lines.get(3).endsWith("\u001b[0m"), lines.get(3));
    }

    @Test
    void barScalesActiveIdleAndWaitingToThePoolSize() {
        // 10 of 20 servers active, 5 idle, 2 clients waiting: half the bar, a quarter idle, one mark per server's
        // worth of waiting clients at this scale.
        TopSample.Pool half = pool("a", "u", "transaction", 10, 2, 10, 5, 20, 0, false);
        assertEquals("[##########-----.....]++   ", TopView.bar(half, 20));
        // Any active server shows, however small its share; many waiting clients are capped with '>'.
        TopSample.Pool tiny = pool("a", "u", "transaction", 1, 500, 1, 0, 1000, 0, false);
        assertEquals("[#...................]++++>", TopView.bar(tiny, 20));
        // An older console without pool_size: the servers it has are the scale.
        TopSample.Pool noSize = pool("a", "u", "transaction", 1, 0, 1, 3, 0, 0, false);
        assertEquals("[#####---------------]     ", TopView.bar(noSize, 20));
    }

    @Test
    void waitsAndRatesAreShortAndReadable() {
        assertEquals("0", TopView.micros(0));
        assertEquals("850us", TopView.micros(850));
        assertEquals("12ms", TopView.micros(12_345));
        assertEquals("3.4s", TopView.micros(3_400_000));
        assertEquals("2m05s", TopView.micros(125_000_000));
        assertEquals("2h03m", TopView.micros(7_380_000_000L));
        assertEquals("-", TopView.rate(null));
        assertEquals("0.5", TopView.rate(0.5));
        assertEquals("1235", TopView.rate(1234.6));
    }

    @Test
    void aProblemLineShowsUnderTheHeader() {
        List<String> lines = TopView.render(frame().withProblem("connection lost; retrying every 1s"), 110, 40,
                false);

        assertEquals("! connection lost; retrying every 1s", lines.get(2));
    }
}
