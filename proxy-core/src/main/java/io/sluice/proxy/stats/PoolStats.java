package io.sluice.proxy.stats;

import io.sluice.proxy.server.ServerState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The running totals of one pool (database × user), as PgBouncer's {@code SHOW STATS} and the Prometheus counters
 * show them. Updated on whichever event loop the event happens on, so every figure is a {@link LongAdder}: an
 * update is a few uncontended instructions and allocates nothing. Readers (a scrape, the admin console) take a
 * {@link #snapshot()}.
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

    private final LongAdder serverAssignments = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder transactionMicros = new LongAdder();
    private final LongAdder queryMicros = new LongAdder();
    private final LongAdder waitMicros = new LongAdder();
    private final LongAdder serverConnects = new LongAdder();
    private final LongAdder logins = new LongAdder();
    private final LongAdder clients = new LongAdder();
    private final LongAdder[] connectFailures = adders(ConnectFailure.values().length);
    private final LongAdder[] timeouts = adders(Timeout.values().length);
    /** Logged-in servers by state (CLOSED not counted). */
    private final LongAdder[] servers = adders(ServerState.values().length);

    private volatile DurationRecorder waitRecorder = DurationRecorder.NONE;
    private volatile DurationRecorder queryRecorder = DurationRecorder.NONE;
    private volatile DurationRecorder transactionRecorder = DurationRecorder.NONE;

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Also sends every wait, query and transaction duration to these (histograms of the metrics registry). */
    public void recordDurationsTo(DurationRecorder wait, DurationRecorder query, DurationRecorder transaction) {
        this.waitRecorder = wait;
        this.queryRecorder = query;
        this.transactionRecorder = transaction;
    }

    /** A server was handed to a client that waited {@code waitNanos} for it. */
    public void serverAssigned(long waitNanos) {
        serverAssignments.increment();
        waitMicros.add(waitNanos / 1000);
        waitRecorder.record(waitNanos);
    }

    public void query(long nanos) {
        queries.increment();
        queryMicros.add(nanos / 1000);
        queryRecorder.record(nanos);
    }

    public void transaction(long nanos) {
        transactions.increment();
        transactionMicros.add(nanos / 1000);
        transactionRecorder.record(nanos);
    }

    /** Bytes of client messages relayed to a server. */
    public void received(long bytes) {
        bytesReceived.add(bytes);
    }

    /** Bytes of server replies relayed to a client. */
    public void sent(long bytes) {
        bytesSent.add(bytes);
    }

    public void serverConnected() {
        serverConnects.increment();
    }

    public void connectFailed(ConnectFailure why) {
        connectFailures[why.ordinal()].increment();
    }

    public void timedOut(Timeout which) {
        timeouts[which.ordinal()].increment();
    }

    /** A client logged into this pool; {@link #clientLeft()} follows when it disconnects. */
    public void clientLoggedIn() {
        logins.increment();
        clients.increment();
    }

    public void clientLeft() {
        clients.decrement();
    }

    /** A logged-in server changed state; {@code from} is null for a new server. */
    public void serverState(ServerState from, ServerState to) {
        if (from != null && from != ServerState.CLOSED) {
            servers[from.ordinal()].decrement();
        }
        if (to != ServerState.CLOSED) {
            servers[to.ordinal()].increment();
        }
    }

    /** Logged-in servers in {@code state} now. */
    public int servers(ServerState state) {
        return (int) Math.max(0, servers[state.ordinal()].sum());
    }

    /** Logged-in clients of this pool now. */
    public int clients() {
        return (int) Math.max(0, clients.sum());
    }

    public long connectFailures(ConnectFailure why) {
        return connectFailures[why.ordinal()].sum();
    }

    public long timeouts(Timeout which) {
        return timeouts[which.ordinal()].sum();
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
        return new StatsSnapshot(serverAssignments.sum(), transactions.sum(), queries.sum(), bytesReceived.sum(),
                bytesSent.sum(), transactionMicros.sum(), queryMicros.sum(), waitMicros.sum(), serverConnects.sum(),
                logins.sum());
    }
}
