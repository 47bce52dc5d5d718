package io.sluice.cli;

import java.time.Clock;
import java.util.Map;

/**
 * Reads one {@link TopSample} from the console: SHOW POOLS, SHOW CLIENTS and SHOW STATS_TOTALS. A console without
 * SHOW STATS_TOTALS (an error 42704) is asked once; the view then goes without throughput.
 */
final class TopSampler {

    /** The SQLSTATE the console answers to a SHOW it does not have. */
    private static final String UNDEFINED_OBJECT = "42704";

    private final Clock clock;
    private boolean statsAvailable = true;

    TopSampler(Clock clock) {
        this.clock = clock;
    }

    TopSample sample(ConsoleSession session) throws ConsoleException {
        ResultTable pools = rows(session, "SHOW POOLS");
        ResultTable clients = rows(session, "SHOW CLIENTS");
        long nanos = System.nanoTime();
        Map<String, TopSample.Totals> totals = null;
        if (statsAvailable) {
            try {
                totals = TopSample.totals(rows(session, "SHOW STATS_TOTALS"));
            } catch (ConsoleException e) {
                if (e.kind() != ConsoleException.Kind.SERVER || !UNDEFINED_OBJECT.equals(e.sqlState())) {
                    throw e;
                }
                statsAvailable = false;
            }
        }
        return new TopSample(nanos, clock.instant(), TopSample.pools(pools), TopSample.clients(clients), totals);
    }

    /** Whether the console answered SHOW STATS_TOTALS (so far, or at all). */
    boolean statsAvailable() {
        return statsAvailable;
    }

    private static ResultTable rows(ConsoleSession session, String command) throws ConsoleException {
        ResultTable table = session.run(command).table();
        if (table == null) {
            throw new ConsoleException(ConsoleException.Kind.SERVER, command + " returned no rows", null, null);
        }
        return table;
    }
}
