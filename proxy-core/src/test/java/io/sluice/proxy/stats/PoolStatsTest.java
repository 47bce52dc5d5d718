package io.sluice.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.proxy.server.ServerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

    @Test
    void totalsAddUpInMicrosecondsAndBytes() {
        PoolStats stats = new PoolStats();
        stats.serverAssigned(1_500_000);
        stats.serverAssigned(500_000);
        stats.query(2_000_999);
        stats.transaction(3_000_000);
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
    void durationsGoToTheRecordersTooInNanoseconds() {
        PoolStats stats = new PoolStats();
        List<String> recorded = new ArrayList<>();
        stats.recordDurationsTo(n -> recorded.add("wait " + n), n -> recorded.add("query " + n),
                n -> recorded.add("transaction " + n));

        stats.serverAssigned(7);
        stats.query(8);
        stats.transaction(9);

        assertEquals(List.of("wait 7", "query 8", "transaction 9"), recorded);
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
