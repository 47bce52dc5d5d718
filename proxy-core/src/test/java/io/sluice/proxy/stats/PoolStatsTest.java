package io.sluice.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.proxy.server.ServerState;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

    @Test
    void totalsAddUpInMicrosecondsAndBytes() {
        PoolStats stats = new PoolStats();
        stats.serverAssigned(1_500_000);
        stats.serverAssigned(500_000);
        stats.query(2_000_999, System.nanoTime());
        stats.transaction(3_000_000, System.nanoTime());
        stats.received(100);
        stats.sent(2_000);
        stats.serverConnected();
        stats.clientLoggedIn();

        assertEquals(new StatsSnapshot(2, 1, 1, 100, 2_000, 3_000, 2_000, 2_000, 1, 1), stats.snapshot());
        assertEquals(1_000, stats.snapshot().averageWaitMicros());
        assertEquals(2_000, stats.snapshot().averageQueryMicros());
        assertEquals(3_000, stats.snapshot().averageTransactionMicros());
    }

    @Test
    void snapshotsSumAndSubtract() {
        StatsSnapshot a = new StatsSnapshot(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        StatsSnapshot b = new StatsSnapshot(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);

        assertEquals(new StatsSnapshot(11, 22, 33, 44, 55, 66, 77, 88, 99, 110), a.plus(b));
        assertEquals(a, a.plus(b).minus(b));
        assertEquals(0, StatsSnapshot.ZERO.averageQueryMicros(), "no division by zero");
        assertEquals(0, StatsSnapshot.ZERO.averageTransactionMicros());
        assertEquals(0, StatsSnapshot.ZERO.averageWaitMicros());
    }

    @Test
    void durationsGoToTheirHistogramsInNanoseconds() {
        PoolStats stats = new PoolStats();
        stats.serverAssigned(7);
        stats.query(2_000_000, System.nanoTime());
        stats.query(3_000_000, System.nanoTime());
        stats.transaction(40_000_000_000L, System.nanoTime());

        LatencySnapshot wait = stats.latency(Latency.WAIT);
        assertEquals(1, wait.count());
        assertEquals(7e-9, wait.sumSeconds());
        assertEquals(7, wait.maxNanos());
        assertEquals(1, wait.bucketCounts()[0], "7 ns is in the first bucket, up to 100 µs");

        LatencySnapshot query = stats.latency(Latency.QUERY);
        assertEquals(2, query.count());
        assertEquals(0.005, query.sumSeconds());
        assertEquals(3_000_000, query.maxNanos());
        assertEquals(1, query.bucketCounts()[4], "2 ms: above 1 ms, up to 2.5 ms");
        assertEquals(1, query.bucketCounts()[5], "3 ms: above 2.5 ms, up to 5 ms");

        long[] transaction = stats.latency(Latency.TRANSACTION).bucketCounts();
        assertEquals(1, transaction[Latency.boundsNanos().length], "40 s is above the last bound: +Inf");
    }

    @Test
    void aLoopsOwnCountersAddToTheSameTotalsAsTheOtherThreads() throws Exception {
        PoolStats stats = new PoolStats();
        stats.serverState(null, ServerState.IDLE);
        stats.received(10);
        Thread loop = new Thread(() -> {
            PoolStats.Local local = stats.local();
            local.serverState(null, ServerState.IDLE);
            local.serverState(ServerState.IDLE, ServerState.ACTIVE);
            local.received(100);
            local.sent(1_000);
            local.query(2_000_000, System.nanoTime());
            local.transaction(3_000_000, System.nanoTime());
            stats.received(1);
        });
        loop.start();
        loop.join();

        assertEquals(1, stats.servers(ServerState.IDLE));
        assertEquals(1, stats.servers(ServerState.ACTIVE));
        StatsSnapshot totals = stats.snapshot();
        assertEquals(111, totals.bytesReceived());
        assertEquals(1_000, totals.bytesSent());
        assertEquals(1, stats.latency(Latency.QUERY).count());
        assertEquals(3e-3, stats.latency(Latency.TRANSACTION).sumSeconds());
    }

    @Test
    void serverStatesMoveOneServerBetweenCounts() {
        PoolStats stats = new PoolStats();
        stats.serverState(null, ServerState.IDLE);
        stats.serverState(null, ServerState.IDLE);
        stats.serverState(ServerState.IDLE, ServerState.ACTIVE);
        assertEquals(1, stats.servers(ServerState.IDLE));
        assertEquals(1, stats.servers(ServerState.ACTIVE));

        stats.serverState(ServerState.ACTIVE, ServerState.RESETTING);
        stats.serverState(ServerState.RESETTING, ServerState.CLOSED);
        stats.serverState(ServerState.IDLE, ServerState.CLOSED);
        stats.serverState(ServerState.CLOSED, ServerState.CLOSED);

        for (ServerState state : ServerState.values()) {
            assertEquals(0, stats.servers(state), state.toString());
        }
    }

    @Test
    void clientsCountLoginsAndLeaves() {
        PoolStats stats = new PoolStats();
        stats.clientLoggedIn();
        stats.clientLoggedIn();
        stats.clientLeft();

        assertEquals(1, stats.clients());
        assertEquals(2, stats.snapshot().logins());
    }

    @Test
    void failuresAndTimeoutsAreCountedByKind() {
        PoolStats stats = new PoolStats();
        stats.connectFailed(ConnectFailure.REFUSED);
        stats.connectFailed(ConnectFailure.REFUSED);
        stats.connectFailed(ConnectFailure.TIMEOUT);
        stats.timedOut(Timeout.QUERY_WAIT);

        assertEquals(2, stats.connectFailures(ConnectFailure.REFUSED));
        assertEquals(1, stats.connectFailures().get(ConnectFailure.TIMEOUT));
        assertEquals(0, stats.connectFailures().get(ConnectFailure.LOGIN));
        assertEquals(ConnectFailure.values().length, stats.connectFailures().size());
        assertEquals(1, stats.timeouts(Timeout.QUERY_WAIT));
        assertEquals(0, stats.timeouts(Timeout.QUERY));
    }
}
