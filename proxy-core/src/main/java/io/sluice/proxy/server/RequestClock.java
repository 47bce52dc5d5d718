package io.sluice.proxy.server;

import io.sluice.protocol.TransactionStatus;
import io.sluice.proxy.stats.PoolStats;

/**
 * Times the client requests and transactions one server runs and counts the bytes it relays, into its pool's
 * {@link PoolStats}, through its loop's counters ({@link PoolStats.Local}). Owned by the server's event loop;
 * allocates nothing.
 *
 * <p>A query starts with the first client message after the previous one was answered (or, pipelined, when the
 * previous one is answered) and ends at its {@code ReadyForQuery}. A transaction starts with the first client
 * message while none is open and ends at a {@code ReadyForQuery 'I'} with no client request outstanding.
 *
 * <p>Bytes are summed in plain fields and passed on to the shared totals at each {@code ReadyForQuery}, or every
 * {@value #FLUSH_BYTES} bytes during a long exchange (a big result, a COPY), so most messages cost an addition.
 */
final class RequestClock {

    static final int FLUSH_BYTES = 64 * 1024;

    private final PoolStats.Local stats;
    private long received;
    private long sent;
    /** Client requests (Sync, Query) sent and not yet answered. */
    private int outstanding;
    private boolean timingQuery;
    private boolean inTransaction;
    private long queryStartNanos;
    private long transactionStartNanos;

    RequestClock(PoolStats.Local stats) {
        this.stats = stats;
    }

    /** A client message of {@code bytes} went to the server; {@code endsRequest} for Sync and Query. */
    void clientMessage(int bytes, boolean endsRequest) {
        clientBytes(bytes);
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
        received += bytes;
        if (received >= FLUSH_BYTES) {
            flushBytes();
        }
    }

    /** A reply of {@code bytes} went to the client. */
    void sentToClient(int bytes) {
        sent += bytes;
        if (sent >= FLUSH_BYTES) {
            flushBytes();
        }
    }

    /** Passes the bytes counted so far on to the pool's totals. */
    void flushBytes() {
        if (received > 0) {
            stats.received(received);
            received = 0;
        }
        if (sent > 0) {
            stats.sent(sent);
            sent = 0;
        }
    }

    /** The {@code ReadyForQuery} that answers a client request was forwarded. */
    void readyForQuery(TransactionStatus status) {
        flushBytes();
        long now = System.nanoTime();
        if (outstanding > 0) {
            outstanding--;
        }
        if (timingQuery) {
            stats.query(now - queryStartNanos, now);
        }
        timingQuery = outstanding > 0;
        queryStartNanos = now;
        if (status == TransactionStatus.IDLE && outstanding == 0 && inTransaction) {
            inTransaction = false;
            stats.transaction(now - transactionStartNanos, now);
        }
    }

    /** The client let the server go: whatever was open is not counted. */
    void clear() {
        flushBytes();
        outstanding = 0;
        timingQuery = false;
        inTransaction = false;
    }
}
