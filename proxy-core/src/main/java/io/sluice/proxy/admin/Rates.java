package io.sluice.proxy.admin;

import io.sluice.proxy.stats.StatsSnapshot;

/**
 * One stats period of a database, as PgBouncer reports its averages: counts and bytes per second, and times as the
 * average of the transactions, queries and waits that ended in the period (microseconds).
 */
public record Rates(long serverAssignments, long transactions, long queries, long bytesReceived, long bytesSent,
                    long transactionMicros, long queryMicros, long waitMicros, long clientParses, long serverParses,
                    long binds) {

    static final Rates ZERO = new Rates(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static Rates between(DatabaseTotals start, DatabaseTotals end, double seconds) {
        DatabaseTotals d = end.minus(start);
        StatsSnapshot s = d.stats();
        return new Rates(per(s.serverAssignments(), seconds), per(s.transactions(), seconds),
                per(s.queries(), seconds), per(s.bytesReceived(), seconds), per(s.bytesSent(), seconds),
                s.averageTransactionMicros(), s.averageQueryMicros(), s.averageWaitMicros(),
                per(d.clientParses(), seconds), per(d.serverParses(), seconds), per(d.binds(), seconds));
    }

    private static long per(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds);
    }
}
