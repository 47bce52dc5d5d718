package io.sluice.proxy.stats;

/**
 * A pool's totals at one moment (PgBouncer's {@code SHOW STATS_TOTALS}); times in microseconds, sizes in bytes.
 * {@link #plus} sums pools into a database's row, {@link #minus} gives what happened between two snapshots (for
 * {@code SHOW STATS_AVERAGES}: divide by the seconds between them).
 */
public record StatsSnapshot(long serverAssignments, long transactions, long queries, long bytesReceived,
                            long bytesSent, long transactionMicros, long queryMicros, long waitMicros,
                            long serverConnects, long logins) {

    public static final StatsSnapshot ZERO = new StatsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public StatsSnapshot plus(StatsSnapshot o) {
        return new StatsSnapshot(serverAssignments + o.serverAssignments, transactions + o.transactions,
                queries + o.queries, bytesReceived + o.bytesReceived, bytesSent + o.bytesSent,
                transactionMicros + o.transactionMicros, queryMicros + o.queryMicros, waitMicros + o.waitMicros,
                serverConnects + o.serverConnects, logins + o.logins);
    }

    public StatsSnapshot minus(StatsSnapshot o) {
        return new StatsSnapshot(serverAssignments - o.serverAssignments, transactions - o.transactions,
                queries - o.queries, bytesReceived - o.bytesReceived, bytesSent - o.bytesSent,
                transactionMicros - o.transactionMicros, queryMicros - o.queryMicros, waitMicros - o.waitMicros,
                serverConnects - o.serverConnects, logins - o.logins);
    }

    /** Average transaction time in microseconds (PgBouncer {@code avg_xact_time}); 0 without transactions. */
    public long averageTransactionMicros() {
        return transactions == 0 ? 0 : transactionMicros / transactions;
    }

    /** Average query time in microseconds (PgBouncer {@code avg_query_time}); 0 without queries. */
    public long averageQueryMicros() {
        return queries == 0 ? 0 : queryMicros / queries;
    }

    /** Average wait per server assignment in microseconds; 0 without assignments. */
    public long averageWaitMicros() {
        return serverAssignments == 0 ? 0 : waitMicros / serverAssignments;
    }
}
