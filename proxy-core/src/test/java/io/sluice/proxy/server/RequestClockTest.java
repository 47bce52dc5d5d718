package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.TransactionStatus;
import io.sluice.proxy.stats.Latency;
import io.sluice.proxy.stats.PoolStats;
import org.junit.jupiter.api.Test;

class RequestClockTest {

    private final PoolStats stats = new PoolStats();
    private final RequestClock clock = new RequestClock(stats.local());

    @Test
    void simpleQueryIsOneQueryAndOneTransaction() {
        clock.clientMessage(20, true);
        clock.sentToClient(50);
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(1, stats.snapshot().queries());
        assertEquals(1, stats.snapshot().transactions());
        assertEquals(20, stats.snapshot().bytesReceived());
        assertEquals(50, stats.snapshot().bytesSent());
        assertEquals(1, stats.latency(Latency.QUERY).count(), "and its time in the histogram");
    }

    @Test
    void extendedRequestCountsOnceAtItsSync() {
        clock.clientMessage(30, false); // Parse
        clock.clientMessage(20, false); // Bind
        clock.clientMessage(10, false); // Execute
        clock.clientMessage(5, true); // Sync
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(1, stats.snapshot().queries());
        assertEquals(65, stats.snapshot().bytesReceived());
    }

    @Test
    void transactionSpansItsRequestsUntilReadyForQueryIdle() {
        clock.clientMessage(10, true); // BEGIN
        clock.readyForQuery(TransactionStatus.IN_TRANSACTION);
        clock.clientMessage(10, true); // UPDATE
        clock.readyForQuery(TransactionStatus.IN_TRANSACTION);
        assertEquals(0, stats.snapshot().transactions(), "still open");
        clock.clientMessage(10, true); // COMMIT
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(3, stats.snapshot().queries());
        assertEquals(1, stats.snapshot().transactions());
        assertTrue(stats.latency(Latency.TRANSACTION).sumSeconds() >= stats.latency(Latency.QUERY).sumSeconds() - 1e-6,
                "the transaction spans its three queries");
    }

    @Test
    void pipelinedRequestsEndTheTransactionAtTheLastReadyForQuery() {
        clock.clientMessage(5, true);
        clock.clientMessage(5, true);
        clock.clientMessage(5, true);
        clock.readyForQuery(TransactionStatus.IDLE);
        clock.readyForQuery(TransactionStatus.IDLE);
        assertEquals(0, stats.snapshot().transactions(), "a request is still outstanding");
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(3, stats.snapshot().queries());
        assertEquals(1, stats.snapshot().transactions());
    }

    @Test
    void bytesReachTheTotalsAtReadyForQueryOrInLargeSteps() {
        clock.clientMessage(100, true);
        clock.sentToClient(RequestClock.FLUSH_BYTES - 1);
        assertEquals(0, stats.snapshot().bytesSent(), "kept in the clock until a step is full");
        clock.sentToClient(1);
        assertEquals(RequestClock.FLUSH_BYTES, stats.snapshot().bytesSent(), "a long result shows as it streams");
        clock.sentToClient(6);
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(RequestClock.FLUSH_BYTES + 6, stats.snapshot().bytesSent());
        assertEquals(100, stats.snapshot().bytesReceived());
    }

    @Test
    void clearForgetsWhatWasOpenButKeepsTheBytes() {
        clock.clientMessage(7, true);
        clock.clear();
        assertEquals(7, stats.snapshot().bytesReceived());
        assertEquals(0, stats.snapshot().queries());
    }

    @Test
    void clearForgetsWhatWasOpen() {
        clock.clientMessage(5, true);
        clock.clear();
        clock.clientMessage(5, true);
        clock.readyForQuery(TransactionStatus.IDLE);

        assertEquals(1, stats.snapshot().queries());
        assertEquals(1, stats.snapshot().transactions());
    }
}
