package io.sluice.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sluice top} read from the console at one moment: SHOW POOLS, SHOW CLIENTS and, where the console has
 * it, SHOW STATS_TOTALS, reduced to the columns the view uses. Columns are found by name, so a console with more
 * or fewer columns (an older Sluice without {@code pool_size}, PgBouncer itself) still gives a view.
 *
 * @param nanos {@link System#nanoTime()} when read, for rates
 * @param at the wall-clock time when read, for request ages and the header
 * @param pools one row per pool (database × user)
 * @param clients one row per client
 * @param totals the cumulative counts per database, or {@code null} when the console has no SHOW STATS_TOTALS
 */
record TopSample(long nanos, Instant at, List<Pool> pools, List<Client> clients, Map<String, Totals> totals) {

    /** PostgreSQL's text form of {@code timestamptz}, with or without a fraction, offset {@code +00} or {@code +00:00}. */
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendOffset("+HH:mm", "Z")
            .toFormatter();

    TopSample {
        pools = List.copyOf(pools);
        clients = List.copyOf(clients);
        totals = totals == null ? null : Map.copyOf(totals);
    }

    /** A row of SHOW POOLS. {@code poolSize} is 0 when the console does not say it. */
    record Pool(String database, String user, String mode, int clientsActive, int clientsWaiting, int serversActive,
            int serversIdle, int serversUsed, int serversLogin, int poolSize, long maxWaitMicros, boolean paused) {
    }

    /**
     * A row of SHOW CLIENTS.
     *
     * @param waitMicros how long it has waited for a server so far, 0 when not waiting
     * @param requestTime when it last sent a request, or {@code null}
     * @param linked whether a server is attached to it (its transaction runs)
     */
    record Client(long id, String user, String database, String state, String addr, int port, long waitMicros,
            Instant requestTime, boolean linked, String applicationName) {
    }

    /** A database's cumulative counts from SHOW STATS_TOTALS. */
    record Totals(long transactions, long queries) {
    }

    static List<Pool> pools(ResultTable table) {
        List<Pool> pools = new ArrayList<>(table.rows().size());
        for (int r = 0; r < table.rows().size(); r++) {
            pools.add(new Pool(text(table, r, "database"), text(table, r, "user"), text(table, r, "pool_mode"),
                    count(table, r, "cl_active"), count(table, r, "cl_waiting"), count(table, r, "sv_active"),
                    count(table, r, "sv_idle"), count(table, r, "sv_used"), count(table, r, "sv_login"),
                    count(table, r, "pool_size"),
                    table.longValue(r, "maxwait", 0) * 1_000_000L + table.longValue(r, "maxwait_us", 0),
                    table.longValue(r, "paused", 0) != 0));
        }
        return pools;
    }

    static List<Client> clients(ResultTable table) {
        List<Client> clients = new ArrayList<>(table.rows().size());
        for (int r = 0; r < table.rows().size(); r++) {
            String link = table.value(r, "link");
            clients.add(new Client(table.longValue(r, "id", -1), text(table, r, "user"), text(table, r, "database"),
                    text(table, r, "state"), text(table, r, "addr"), count(table, r, "port"),
                    table.longValue(r, "wait", 0) * 1_000_000L + table.longValue(r, "wait_us", 0),
                    timestamp(table.value(r, "request_time")), link != null && !link.isEmpty(),
                    text(table, r, "application_name")));
        }
        return clients;
    }

    static Map<String, Totals> totals(ResultTable table) {
        Map<String, Totals> totals = new LinkedHashMap<>();
        for (int r = 0; r < table.rows().size(); r++) {
            totals.put(text(table, r, "database"), new Totals(table.longValue(r, "xact_count", 0),
                    table.longValue(r, "query_count", 0)));
        }
        return totals;
    }

    /** A {@code timestamptz} in PostgreSQL's text form, or {@code null} when empty or unreadable. */
    static Instant timestamp(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, TIMESTAMPTZ).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(ResultTable table, int row, String column) {
        String value = table.value(row, column);
        return value == null ? "" : value;
    }

    private static int count(ResultTable table, int row, String column) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, table.longValue(row, column, 0)));
    }
}
