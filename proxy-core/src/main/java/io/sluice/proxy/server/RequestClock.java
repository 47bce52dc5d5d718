package io.sluice.proxy.server;

import io.sluice.protocol.TransactionStatus;
import io.sluice.proxy.stats.PoolStats;

/**
 * Times the client requests and transactions one server runs and counts the bytes it relays, into its pool's
 * {@link PoolStats}. Owned by the server's event loop; allocates nothing.
 *
 * <p>A query starts with the first client message after the previous one was answered (or, pipelined, when the
 * previous one is answered) and ends at its {@code ReadyForQuery}. A transaction starts with the first client
 * message while none is open and ends at a {@code ReadyForQuery 'I'} with no client request outstanding.
 */
final class RequestClock {

    private final PoolStats stats;
    /** Client requests (Sync, Query) sent and not yet answered. */
    private int outstanding;
    private boolean timingQuery;
    private boolean inTransaction;
    private long queryStartNanos;
    private long transactionStartNanos;

    RequestClock(PoolStats stats) {
        this.stats = stats;
    }

    /** A client message of {@code bytes} went to the server; {@code endsRequest} for Sync and Query. */
    void clientMessage(int bytes, boolean endsRequest) {
        stats.received(bytes);
        if (!timingQuery) {
            timingQuery = true;
            queryStartNanos = System.nanoTime();
            if (!inTransaction) {
                inTransaction = true;
                transactionStartNanos = queryStartNanos;
            }
        }
        if (endsRequest) {
            outstanding++;
        }
    }

    /** A continuation chunk of a large client message. */
    void clientBytes(int bytes) {
        stats.received(bytes);
    }

    /** A reply of {@code bytes} went to the client. */
    void sentToClient(int bytes) {
        stats.sent(bytes);
    }

    /** The {@code ReadyForQuery} that answers a client request was forwarded. */
    void readyForQuery(TransactionStatus status) {
        long now = System.nanoTime();
        if (outstanding > 0) {
            outstanding--;
        }
        if (timingQuery) {
            stats.query(now - queryStartNanos);
        }
        timingQuery = outstanding > 0;
        queryStartNanos = now;
        if (status == TransactionStatus.IDLE && outstanding == 0 && inTransaction) {
            inTransaction = false;
            stats.transaction(now - transactionStartNanos);
        }
    }

    /** The client let the server go: whatever was open is not counted. */
    void clear() {
        outstanding = 0;
        timingQuery = false;
        inTransaction = false;
    }
}
