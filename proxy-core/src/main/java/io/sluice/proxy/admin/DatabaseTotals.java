package io.sluice.proxy.admin;

import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.prepared.PreparedCounters;
import io.sluice.proxy.stats.StatsSnapshot;

/** One database's totals: the pools' statistics and prepared-statement counts, summed. */
public record DatabaseTotals(StatsSnapshot stats, long clientParses, long serverParses, long binds) {

    static final DatabaseTotals ZERO = new DatabaseTotals(StatsSnapshot.ZERO, 0, 0, 0);

    static DatabaseTotals of(Pool pool) {
        PreparedCounters prepared = pool.preparedCounters();
        return new DatabaseTotals(pool.stats().snapshot(), prepared.clientParses(), prepared.serverParses(),
                prepared.binds());
    }

    DatabaseTotals plus(DatabaseTotals o) {
        return new DatabaseTotals(stats.plus(o.stats), clientParses + o.clientParses, serverParses + o.serverParses,
                binds + o.binds);
    }

    DatabaseTotals minus(DatabaseTotals o) {
        return new DatabaseTotals(stats.minus(o.stats), clientParses - o.clientParses, serverParses - o.serverParses,
                binds - o.binds);
    }
}
