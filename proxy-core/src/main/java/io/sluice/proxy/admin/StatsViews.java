package io.sluice.proxy.admin;

import static io.sluice.protocol.backend.Column.numeric;
import static io.sluice.protocol.backend.Column.text;

import io.sluice.proxy.stats.StatsSnapshot;
import java.util.Map;

/** {@code SHOW STATS}, {@code STATS_TOTALS} and {@code STATS_AVERAGES}: one row per database, figures numeric. */
final class StatsViews {

    private StatsViews() {
    }

    static Table stats(StatsPeriod period) {
        Table table = new Table(text("database"), numeric("total_server_assignment_count"),
                numeric("total_xact_count"), numeric("total_query_count"), numeric("total_received"),
                numeric("total_sent"), numeric("total_xact_time"), numeric("total_query_time"),
                numeric("total_wait_time"), numeric("total_client_parse_count"), numeric("total_server_parse_count"),
                numeric("total_bind_count"), numeric("avg_server_assignment_count"), numeric("avg_xact_count"),
                numeric("avg_query_count"), numeric("avg_recv"), numeric("avg_sent"), numeric("avg_xact_time"),
                numeric("avg_query_time"), numeric("avg_wait_time"), numeric("avg_client_parse_count"),
                numeric("avg_server_parse_count"), numeric("avg_bind_count"),
                // Sluice's own, after PgBouncer's: total_query_count under its name before PgBouncer 1.8, which
                // older exporters (Debian's prometheus-pgbouncer-exporter) still read.
                numeric("total_requests"));
        Map<String, Rates> rates = period.rates();
        period.totals().forEach((db, t) -> {
            StatsSnapshot s = t.stats();
            Rates r = rates.getOrDefault(db, Rates.ZERO);
            table.row(db, s.serverAssignments(), s.transactions(), s.queries(), s.bytesReceived(), s.bytesSent(),
                    s.transactionMicros(), s.queryMicros(), s.waitMicros(), t.clientParses(), t.serverParses(),
                    t.binds(), r.serverAssignments(), r.transactions(), r.queries(), r.bytesReceived(),
                    r.bytesSent(), r.transactionMicros(), r.queryMicros(), r.waitMicros(), r.clientParses(),
                    r.serverParses(), r.binds(), s.queries());
        });
        return table;
    }

    static Table totals(StatsPeriod period) {
        Table table = new Table(text("database"), numeric("server_assignment_count"), numeric("xact_count"),
                numeric("query_count"), numeric("bytes_received"), numeric("bytes_sent"), numeric("xact_time"),
                numeric("query_time"), numeric("wait_time"), numeric("client_parse_count"),
                numeric("server_parse_count"), numeric("bind_count"));
        period.totals().forEach((db, t) -> {
            StatsSnapshot s = t.stats();
            table.row(db, s.serverAssignments(), s.transactions(), s.queries(), s.bytesReceived(), s.bytesSent(),
                    s.transactionMicros(), s.queryMicros(), s.waitMicros(), t.clientParses(), t.serverParses(),
                    t.binds());
        });
        return table;
    }

    static Table averages(StatsPeriod period) {
        Table table = new Table(text("database"), numeric("server_assignment_count"), numeric("xact_count"),
                numeric("query_count"), numeric("bytes_received"), numeric("bytes_sent"), numeric("xact_time"),
                numeric("query_time"), numeric("wait_time"), numeric("avg_client_parse_count"),
                numeric("avg_server_parse_count"), numeric("avg_bind_count"));
        Map<String, Rates> rates = period.rates();
        period.totals().keySet().forEach(db -> {
            Rates r = rates.getOrDefault(db, Rates.ZERO);
            table.row(db, r.serverAssignments(), r.transactions(), r.queries(), r.bytesReceived(), r.bytesSent(),
                    r.transactionMicros(), r.queryMicros(), r.waitMicros(), r.clientParses(), r.serverParses(),
                    r.binds());
        });
        return table;
    }
}
