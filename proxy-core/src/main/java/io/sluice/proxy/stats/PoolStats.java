package io.sluice.proxy.stats;

import io.sluice.proxy.server.ServerState;
import java.util.EnumMap;
import java.util.Map;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running totals of one pool (database × user), as PgBouncer's {@code SHOW STATS} and the Prometheus counters
 * show them. Updated on whichever event loop the event happens on, a dozen times per transaction, so each thread
 * adds into counters of its own (a plain {@code long[]}, found through a {@link FastThreadLocal}): no atomic
 * instruction and no cache line shared between loops. A server connection, which lives on one loop, keeps its
 * loop's counters ({@link #local()}) rather than find them again for each of its several events per transaction.
 * Readers (a scrape, the admin console) sum every thread's counters, or take a {@link #snapshot()}; a sum may miss
 * an update made at that instant, never lose one. (Each counter has one writer; a 64-bit JVM writes a {@code long}
 * whole.)
 *
 * <p>Definitions (see {@code docs/metrics.md}): a <em>transaction</em> runs from the first client message a server
 * receives while the client had no transaction open until the {@code ReadyForQuery 'I'} after which nothing of
 * the client is in flight; a <em>query</em> is one client request answered by a {@code ReadyForQuery} (a simple
 * {@code Query}, or an extended-protocol batch ending in {@code Sync}); its time runs from when it was sent, or
 * from the previous request's {@code ReadyForQuery} when pipelined behind it, to its own {@code ReadyForQuery}.
 * <em>Wait time</em> runs from the client's last message before it asked for a server until the server is
 * handed to it.
 */
public final class PoolStats {

    private static final int BYTES_RECEIVED = 0;
    private static final int BYTES_SENT = 1;
    private static final int SERVER_CONNECTS = 2;
    private static final int LOGINS = 3;
    private static final int CLIENTS = 4;
    private static final int CONNECT_FAILURES = 5;
    private static final int TIMEOUTS = CONNECT_FAILURES + ConnectFailure.values().length;
    /** Logged-in servers by state (CLOSED not counted). */
    private static final int SERVERS = TIMEOUTS + Timeout.values().length;
    /** The three latency histograms ({@link LatencyCells}), in {@link Latency} order. */
    private static final int LATENCIES = SERVERS + ServerState.values().length;
    private static final int COUNTERS = LATENCIES + Latency.values().length * LatencyCells.SIZE;

    /** Every thread's counters that ever counted for this pool; a thread that ended keeps its figures here. */
    private final List<long[]> threads = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<long[]> mine = new FastThreadLocal<>() {
        @Override
        protected long[] initialValue() {
            long[] counters = new long[COUNTERS];
            threads.add(counters);
            return counters;
        }
    };

    /** Where {@code which}'s histogram starts in a thread's counters. */
    private static int cellsOf(Latency which) {
        return LATENCIES + which.ordinal() * LatencyCells.SIZE;
    }

    private void add(int counter, long n) {
        mine.get()[counter] += n;
    }

    private long sum(int counter) {
        long total = 0;
        for (long[] counters : threads) {
            total += counters[counter];
        }
        return total;
    }

    /** A server was handed to a client that waited {@code waitNanos} for it. */
    public void serverAssigned(long waitNanos) {
        LatencyCells.record(mine.get(), cellsOf(Latency.WAIT), waitNanos, System.nanoTime());
    }

    /** A query took {@code nanos}; {@code nowNanos} is {@link System#nanoTime()} at its end. */
    public void query(long nanos, long nowNanos) {
        LatencyCells.record(mine.get(), cellsOf(Latency.QUERY), nanos, nowNanos);
    }

    /** A transaction took {@code nanos}; {@code nowNanos} is {@link System#nanoTime()} at its end. */
    public void transaction(long nanos, long nowNanos) {
        LatencyCells.record(mine.get(), cellsOf(Latency.TRANSACTION), nanos, nowNanos);
    }

    /**
     * The calling thread's counters of this pool, for an object that lives on one event loop (a server connection):
     * it counts through them without finding its thread's counters again for every event. Only the thread that took
     * them may count through them.
     */
    public Local local() {
        return new Local(mine.get());
    }

    /**
     * One thread's counters of a pool: the events a server connection counts on its loop, several per transaction.
     * Every {@code ServerConnection} method that counts runs on the server's loop (those callable from elsewhere hop
     * onto it first); a new caller must too, or two threads would write one counter.
     */
    public static final class Local {
        private final long[] counters;

        private Local(long[] counters) {
            this.counters = counters;
        }

        /** See {@link PoolStats#query}. */
        public void query(long nanos, long nowNanos) {
            LatencyCells.record(counters, cellsOf(Latency.QUERY), nanos, nowNanos);
        }

        /** See {@link PoolStats#transaction}. */
        public void transaction(long nanos, long nowNanos) {
            LatencyCells.record(counters, cellsOf(Latency.TRANSACTION), nanos, nowNanos);
        }

        /** See {@link PoolStats#received}. */
        public void received(long bytes) {
            counters[BYTES_RECEIVED] += bytes;
        }

        /** See {@link PoolStats#sent}. */
        public void sent(long bytes) {
            counters[BYTES_SENT] += bytes;
        }

        /** See {@link PoolStats#serverState}. */
        public void serverState(ServerState from, ServerState to) {
            countState(counters, from, to);
        }
    }

    /** One latency histogram, summed over threads (for the Prometheus histograms). */
    public LatencySnapshot latency(Latency which) {
        return LatencyCells.snapshot(threads, cellsOf(which), System.nanoTime());
    }

    /** Bytes of client messages relayed to a server. */
    public void received(long bytes) {
        add(BYTES_RECEIVED, bytes);
    }

    /** Bytes of server replies relayed to a client. */
    public void sent(long bytes) {
        add(BYTES_SENT, bytes);
    }

    public void serverConnected() {
        add(SERVER_CONNECTS, 1);
    }

    public void connectFailed(ConnectFailure why) {
        add(CONNECT_FAILURES + why.ordinal(), 1);
    }

    public void timedOut(Timeout which) {
        add(TIMEOUTS + which.ordinal(), 1);
    }

    /** A client logged into this pool; {@link #clientLeft()} follows when it disconnects. */
    public void clientLoggedIn() {
        long[] counters = mine.get();
        counters[LOGINS]++;
        counters[CLIENTS]++;
    }

    public void clientLeft() {
        add(CLIENTS, -1);
    }

    /** A logged-in server changed state; {@code from} is null for a new server. */
    public void serverState(ServerState from, ServerState to) {
        countState(mine.get(), from, to);
    }

    private static void countState(long[] counters, ServerState from, ServerState to) {
        if (from != null && from != ServerState.CLOSED) {
            counters[SERVERS + from.ordinal()]--;
        }
        if (to != ServerState.CLOSED) {
            counters[SERVERS + to.ordinal()]++;
        }
    }

    /** Logged-in servers in {@code state} now. */
    public int servers(ServerState state) {
        return (int) Math.max(0, sum(SERVERS + state.ordinal()));
    }

    /** Logged-in clients of this pool now. */
    public int clients() {
        return (int) Math.max(0, sum(CLIENTS));
    }

    public long connectFailures(ConnectFailure why) {
        return sum(CONNECT_FAILURES + why.ordinal());
    }

    public long timeouts(Timeout which) {
        return sum(TIMEOUTS + which.ordinal());
    }

    /** Connect failures by reason, in enum order. */
    public Map<ConnectFailure, Long> connectFailures() {
        Map<ConnectFailure, Long> all = new EnumMap<>(ConnectFailure.class);
        for (ConnectFailure why : ConnectFailure.values()) {
            all.put(why, connectFailures(why));
        }
        return all;
    }

    /** The totals now. Each figure is read once; figures updated meanwhile may be a little apart. */
    public StatsSnapshot snapshot() {
        LatencySnapshot wait = latency(Latency.WAIT);
        LatencySnapshot query = latency(Latency.QUERY);
        LatencySnapshot transaction = latency(Latency.TRANSACTION);
        return new StatsSnapshot(wait.count(), transaction.count(), query.count(), sum(BYTES_RECEIVED),
                sum(BYTES_SENT), transaction.sumMicros(), query.sumMicros(), wait.sumMicros(), sum(SERVER_CONNECTS),
                sum(LOGINS));
    }
}
