package io.sluice.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.LogEvent;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.prepared.PreparedCounters;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.server.ServerLoginException;
import io.sluice.proxy.server.SharedSettings;
import io.sluice.proxy.stats.ConnectFailure;
import io.sluice.proxy.stats.PoolStats;
import io.sluice.proxy.stats.Timeout;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The servers of one database × user: idle servers, the FIFO of waiting clients, and the cap on how many servers
 * exist at once (connecting, active, resetting and idle together never exceed {@code size}).
 *
 * <p>Clients on every event loop share a pool, so its bookkeeping sits behind a lock held for a few field updates
 * only ({@link BriefLock}: a loop that finds it taken spins briefly rather than sleep); all I/O (connecting,
 * handing a server over, closing) happens after the lock is released, and each hand-over runs on the receiving
 * client's loop.
 */
public final class Pool implements ServerConnection.Owner {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    /** How long new connection attempts wait after Sluice ran out of file descriptors for one (at most). */
    static final long OUT_OF_DESCRIPTORS_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A client asking for a server. Its callbacks run on its own event loop. */
    public interface Requester {
        EventLoop eventLoop();

        /** The server is the requester's until it gives it back. */
        void onServer(ServerConnection server);

        /** No server: the wait timed out, PostgreSQL could not be reached, or Sluice is shutting down. */
        void onAcquireFailed(ErrorResponse error);

        /** Still queued after {@code pool.query_wait_notify} ({@code waited}): the client may be told why. */
        default void onLongWait(Duration waited) {
        }
    }

    /** A logged-in client of this pool, as the admin console sees and steers it. */
    public interface Member extends Requester {
        /** The client's process-unique id ({@code SHOW CLIENTS} id, {@code KILL_CLIENT}). */
        long id();

        /** A snapshot for {@code SHOW CLIENTS}. Any thread. */
        ConnectionInfo info();

        /** Queued for a server (or logging in while none is free). Any thread. */
        boolean isWaiting();

        /** Holding a server now. Any thread. */
        boolean isAttached();

        /**
         * Tells the client why, then closes it (KILL, a database removed by a reload). Any thread; the future
         * completes once the connection is closed.
         */
        Future<Void> disconnect(ErrorResponse why);

        /** Closes the client once its transaction is over; at once when it has none. Any thread. */
        void disconnectWhenIdle(ErrorResponse why);
    }

    private final PoolKey key;
    private volatile PoolSettings settings;
    private final ServerConnector connector;
    private final EventLoopGroup group;
    private final ConnectionLimits limits;
    private final BriefLock lock = new BriefLock();
    private final IdleServers<ServerConnection> idle =
            new IdleServers<>(ServerConnection::eventLoop, ServerConnection::idleSinceNanos);
    /** Under the lock: idle servers found past {@code server_lifetime} while taking one, to close after it. */
    private final List<ServerConnection> expiredOnTake = new ArrayList<>();
    private final WaitQueue waiters = new WaitQueue(this::checkWaiters);
    private int servers;
    private boolean closed;
    /** PAUSE, SUSPEND, KILL: no server is handed out; waiting clients stay queued until RESUME. */
    private boolean paused;
    /** SUSPEND keeps servers open while paused; PAUSE and KILL close them as they come back. */
    private boolean holdServers;
    /** Removed from the configuration: draining, then gone. */
    private volatile boolean retired;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final PreparedCounters preparedCounters = new PreparedCounters();
    /** Servers logged in and not closed, idle or not. */
    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    /** Servers to close when they come back (RECONNECT, a changed target): WAIT_CLOSE waits for this to empty. */
    private final Set<ServerConnection> retiring = ConcurrentHashMap.newKeySet();
    private boolean starved;
    /** The last connection failure, while {@code server_login_retry} has not passed since it; else null. */
    private ErrorResponse lastFailure;
    private long failedAtNanos;
    /**
     * The last failure was Sluice's own (no file descriptor for the socket), not PostgreSQL's: the next attempt
     * waits {@link #OUT_OF_DESCRIPTORS_RETRY_NANOS} at most, since descriptors come back as soon as clients leave.
     */
    private boolean failedLocally;
    /** After a failure, one connection attempt at a time probes whether PostgreSQL is back. */
    private boolean probing;
    /** What this pool's servers report at login, for clients logging in without a server. */
    private volatile Map<String, String> welcomeParameters;
    /** Settings maps the pool's clients share when equal: startup parameters, and settings after the welcome. */
    private final SharedSettings sharedStartupSettings = new SharedSettings();
    private final SharedSettings sharedClientSettings = new SharedSettings();
    private final PoolStats stats = new PoolStats();

    /**
     * @param group where connections opened for no particular client ({@code min_pool_size}) live
     */
    public Pool(PoolKey key, PoolSettings settings, ServerConnector connector, EventLoopGroup group,
            ConnectionLimits limits) {
        this.key = key;
        this.settings = settings;
        this.connector = connector;
        this.group = group;
        this.limits = limits;
    }

    /**
     * Takes a slot for one more server, within {@code cap} and the shared database and user caps. Under the lock;
     * every server opened goes through here and every one gone through {@link #slotFreed()}, so counts can't drift.
     */
    private boolean takeSlot(int cap) {
        if (servers >= cap || !limits.tryAcquire(key)) {
            return false;
        }
        servers++;
        return true;
    }

    /** Under the lock. */
    private void slotFreed() {
        servers--;
        limits.release(key);
    }

    /** The parameters this pool's servers report at login, or {@code null} before the first server logged in. */
    public Map<String, String> welcomeParameters() {
        return welcomeParameters;
    }

    public SharedSettings sharedStartupSettings() {
        return sharedStartupSettings;
    }

    public SharedSettings sharedClientSettings() {
        return sharedClientSettings;
    }

    public PoolKey key() {
        return key;
    }

    public PoolSettings settings() {
        return settings;
    }

    /** This pool's running totals and live server counts (SHOW STATS, SHOW POOLS, metrics). */
    @Override
    public PoolStats stats() {
        return stats;
    }

    /** What the pool holds now (SHOW POOLS, metrics gauges); takes the lock briefly. */
    public PoolOccupancy occupancy() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return PoolOccupancy.of(servers, idle, waiters.size(), waiters.longestWaitNanos(now), settings,
                    lastFailure != null, now);
        } finally {
            lock.unlock();
        }
    }

    /** Gives {@code requester} an idle server, opens a new one within the cap, or queues it. */
    public void acquire(Requester requester) {
        ServerConnection server = null;
        boolean connect = false;
        ErrorResponse refusal = null;
        List<ServerConnection> expired = List.of();
        lock.lock();
        try {
            if (!closed && !paused && waiters.isEmpty() && !idle.isEmpty()) {
                server = takeIdle(requester.eventLoop());
            }
            if (server == null) {
                if (closed) {
                    refusal = ProxyErrors.shuttingDown();
                } else if (paused) {
                    enqueue(requester);
                } else if (lastFailure != null && System.nanoTime() - failedAtNanos < retryNanos()) {
                    // PostgreSQL refused us moments ago: fail fast rather than wait out query_wait_timeout.
                    refusal = lastFailure;
                } else if (!(lastFailure != null && probing) && takeSlot(settings.size())) {
                    probing = lastFailure != null;
                    connect = true;
                } else {
                    enqueue(requester);
                }
            }
        } finally {
            if (!expiredOnTake.isEmpty()) {
                expired = new ArrayList<>(expiredOnTake);
                expiredOnTake.clear();
            }
            lock.unlock();
        }
        if (!expired.isEmpty()) {
            // Not even an iterator otherwise: acquire runs once per transaction.
            expired.forEach(ServerConnection::close);
        }
        if (refusal != null) {
            fail(requester, refusal);
        } else if (server != null && needsCheck(server)) {
            checkThenHandOver(server, requester);
        } else if (server != null) {
            handOver(server, requester);
        } else if (connect) {
            open(requester.eventLoop(), requester);
        }
    }

    /**
     * The secret this pool logs in with changed (a client of a user looked up with {@code auth.query} logged in for
     * the first time, or with a new password): a refusal remembered from the old one no longer holds.
     */
    public void credentialsChanged() {
        lock.lock();
        try {
            lastFailure = null;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a queued requester (its client left while waiting). */
    public void cancelWait(Requester requester) {
        lock.lock();
        try {
            waiters.remove(requester);
        } finally {
            lock.unlock();
        }
    }

    /** A clean server comes back: the longest-waiting client gets it, or it goes idle. */
    @Override
    public void release(ServerConnection server) {
        boolean retire = !retiring.isEmpty() && retiring.remove(server);
        if (retire || !server.isReusable() || pastLifetime(server, System.nanoTime())) {
            server.close();
            return;
        }
        Requester next;
        boolean closeIt;
        lock.lock();
        try {
            // A server beyond the pool's size (from the reserve, or after a reload made the pool smaller) closes
            // once nobody waits for it; so does every server of a paused or retired pool.
            closeIt = closed || retired || (paused && !holdServers)
                    || (waiters.isEmpty() && servers > settings.size());
            next = closeIt || paused ? null : waiters.nextFor(server.eventLoop());
            if (next == null && !closeIt) {
                idle.add(server);
            }
        } finally {
            lock.unlock();
        }
        if (closeIt) {
            server.close();
        } else if (next != null) {
            handOver(server, next);
        }
    }

    /** A server closed: its slot is free, so the longest waiter may get a new connection. */
    @Override
    public void closed(ServerConnection server) {
        if (open.remove(server)) {
            LOG.log(Level.INFO, "{0}", LogEvent.of("server close").with("id", server.id())
                    .with("db", key.database()).with("user", key.user()).with("pid", server.backendKey().processId()));
        }
        retiring.remove(server);
        freeSlot(server);
    }

    /**
     * The janitor's tick: closes idle servers past {@code server_idle_timeout} (keeping {@code min_pool_size}) or
     * {@code server_lifetime}, opens servers up to {@code min_pool_size}, and serves waiters the shared caps or
     * the reserve pool allow.
     *
     * @return whether clients still wait while the pool is below its size: a shared cap holds it back
     */
    public boolean maintain(long nowNanos) {
        List<ServerConnection> expired = new ArrayList<>();
        List<Requester> woken = new ArrayList<>();
        int toOpen = 0;
        lock.lock();
        try {
            boolean closeAll = retired || (paused && !holdServers);
            // Loop by loop, each oldest first: which idle servers past server_idle_timeout stay for min_pool_size
            // depends on their loops, not on which went idle last.
            for (Iterator<ServerConnection> it = idle.iterator(); it.hasNext(); ) {
                ServerConnection server = it.next();
                boolean keep = servers - expired.size() <= settings.minPoolSize();
                if (closeAll || pastLifetime(server, nowNanos) || (!keep && pastIdleTimeout(server, nowNanos))) {
                    it.remove();
                    expired.add(server);
                }
            }
            boolean mayConnect = lastFailure == null || (nowNanos - failedAtNanos >= retryNanos() && !probing);
            if (!closed && !paused && !retired && mayConnect && waiters.isEmpty()) {
                int missing = Math.max(0, settings.minPoolSize() - (servers - expired.size()));
                if (lastFailure != null) {
                    missing = Math.min(missing, 1);
                }
                while (toOpen < missing && takeSlot(settings.size())) {
                    toOpen++;
                }
                probing = lastFailure != null && toOpen > 0;
            }
            if (!closed && !paused && mayConnect && !probing) {
                wake(nowNanos, woken);
            }
            starved = !waiters.isEmpty() && servers < settings.size();
        } finally {
            lock.unlock();
        }
        expired.forEach(ServerConnection::close);
        for (int i = 0; i < toOpen; i++) {
            open(group.next(), null);
        }
        for (Requester requester : woken) {
            open(requester.eventLoop(), requester);
        }
        return starved;
    }

    /**
     * Closes this pool's longest-idle server, freeing a slot under the shared caps for a starved pool of the same
     * database or user.
     *
     * @return whether there was one to close
     */
    public boolean closeOneIdle(Runnable afterwards) {
        ServerConnection victim;
        lock.lock();
        try {
            victim = idle.pollOldest();
        } finally {
            lock.unlock();
        }
        if (victim == null) {
            return false;
        }
        victim.close();
        // Runs after the pool's own close listener has freed the slot.
        victim.channel().closeFuture().addListener(f -> afterwards.run());
        return true;
    }

    /**
     * Under the lock: servers for waiters that a shared cap held back (slots freed in other pools wake nobody here)
     * and, for those waiting longer than {@code reserve_pool_timeout}, up to {@code reserve_pool_size} servers beyond
     * the pool's size.
     */
    private void wake(long nowNanos, List<Requester> woken) {
        while (!waiters.isEmpty() && takeSlot(settings.size())) {
            woken.add(waiters.pollFirst());
        }
        long reserveAfter = settings.reservePoolTimeout().toNanos();
        int withReserve = settings.size() + settings.reservePoolSize();
        while (!waiters.isEmpty() && nowNanos - waiters.firstSinceNanos() >= reserveAfter
                && takeSlot(withReserve)) {
            woken.add(waiters.pollFirst());
        }
    }

    /** Shutdown: waiting clients are told, idle servers closed; active ones close with their clients. */
    public void close() {
        List<Requester> abandoned;
        List<ServerConnection> idleServers;
        lock.lock();
        try {
            closed = true;
            abandoned = waiters.drain();
            idleServers = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (Requester requester : abandoned) {
            fail(requester, ProxyErrors.shuttingDown());
        }
        idleServers.forEach(ServerConnection::close);
    }

    /** This pool's prepared-statement counts ({@code SHOW STATS}). */
    public PreparedCounters preparedCounters() {
        return preparedCounters;
    }

    /** A client logged in to this pool. */
    public void join(Member member) {
        members.add(member);
    }

    /** A client of this pool left. */
    public void leave(Member member) {
        members.remove(member);
    }

    /** The pool's logged-in clients, live. */
    public Set<Member> members() {
        return Collections.unmodifiableSet(members);
    }

    /** Counts connections by state now. Walks the pool's clients: for the admin console and metrics scrapes. */
    public PoolCounts counts() {
        int waiting = 0;
        int attached = 0;
        int total = 0;
        for (Member member : members) {
            total++;
            if (member.isWaiting()) {
                waiting++;
            } else if (member.isAttached()) {
                attached++;
            }
        }
        int serversIdle = 0;
        int serversUsed = 0;
        int slots;
        long maxWait;
        long now = System.nanoTime();
        lock.lock();
        try {
            for (ServerConnection server : idle) {
                if (needsCheck(server)) {
                    serversUsed++;
                } else {
                    serversIdle++;
                }
            }
            slots = servers;
            maxWait = waiters.longestWaitNanos(now);
        } finally {
            lock.unlock();
        }
        int loggedIn = open.size();
        int serversActive = Math.max(0, loggedIn - serversIdle - serversUsed);
        int beingCancelled = 0;
        for (ServerConnection server : open) {
            if (server.isBeingCancelled()) {
                beingCancelled++;
            }
        }
        return new PoolCounts(total - waiting, waiting, attached, serversActive, serversIdle, serversUsed,
                Math.max(0, slots - loggedIn), maxWait, beingCancelled);
    }

    /** The pool's servers for {@code SHOW SERVERS}, each with its state in the pool. */
    public List<ConnectionInfo> serverInfos() {
        List<ServerConnection> idleNow;
        lock.lock();
        try {
            idleNow = new ArrayList<>(idle);
        } finally {
            lock.unlock();
        }
        List<ConnectionInfo> infos = new ArrayList<>();
        for (ServerConnection server : open) {
            String state = !idleNow.contains(server) ? "active" : needsCheck(server) ? "used" : "idle";
            infos.add(serverInfo(server, state));
        }
        return infos;
    }

    private ConnectionInfo serverInfo(ServerConnection server, String state) {
        // Over PostgreSQL's Unix-domain socket: addr "unix" and the port its name carries, local_addr "unix".
        SocketAddress remote = server.channel().remoteAddress();
        SocketAddress local = server.channel().localAddress();
        return new ConnectionInfo('S', server.id(), key.user(), key.database(), state,
                Transport.addressText(remote), Transport.port(remote), Transport.addressText(local),
                Transport.port(local),
                server.connectMillis(), server.attachMillis(), 0, retiring.contains(server), server.clientId(),
                server.backendKey().processId(), "", "", server.preparedStatements());
    }

    /**
     * Stops handing out servers; clients asking for one queue (their {@code query_wait_timeout} still runs).
     * Servers close as they come back, unless {@code holdServers} (SUSPEND), which keeps them open.
     */
    public void pause(boolean holdServers) {
        List<ServerConnection> toClose = List.of();
        lock.lock();
        try {
            paused = true;
            this.holdServers = holdServers;
            if (!holdServers) {
                toClose = new ArrayList<>(idle);
                idle.clear();
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(ServerConnection::close);
    }

    /** Ends a pause: queued clients get servers again. */
    public void resume() {
        List<Requester> served = new ArrayList<>();
        List<ServerConnection> granted = new ArrayList<>();
        lock.lock();
        try {
            if (!paused) {
                return;
            }
            paused = false;
            holdServers = false;
            while (!waiters.isEmpty() && !idle.isEmpty()) {
                served.add(waiters.pollFirst());
                granted.add(idle.pollNewest());
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < served.size(); i++) {
            handOver(granted.get(i), served.get(i));
        }
        maintain(System.nanoTime());
    }

    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** No server is serving a client: what PAUSE waits for (with SUSPEND's held servers counting as done). */
    public boolean isQuiet() {
        lock.lock();
        try {
            return holdServers ? servers == idle.size() : servers == 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * KILL: pauses the pool, closes every client with {@code why} and every server at once. Returns the clients'
     * closes, which complete on their own loops.
     */
    public List<Future<Void>> kill(ErrorResponse why) {
        pause(false);
        List<Future<Void>> closes = new ArrayList<>();
        for (Member member : members) {
            closes.add(member.disconnect(why));
        }
        for (ServerConnection server : open) {
            server.close();
        }
        return closes;
    }

    /** RECONNECT: every server open now closes when it comes back; idle ones at once. */
    public void reconnect() {
        retiring.addAll(open);
        List<ServerConnection> toClose = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<ServerConnection> it = idle.iterator(); it.hasNext(); ) {
                ServerConnection server = it.next();
                if (retiring.contains(server)) {
                    it.remove();
                    toClose.add(server);
                }
            }
        } finally {
            lock.unlock();
        }
        toClose.forEach(ServerConnection::close);
    }

    /** Servers marked by RECONNECT or a changed target that have not closed yet: WAIT_CLOSE waits for none. */
    public int closing() {
        return retiring.size();
    }

    /**
     * A reload changed this pool's settings. A new size, mode of waiting or timeout applies from now on; servers of
     * a changed target (host, port, database name, server user or password) are replaced after their transaction.
     */
    public void reconfigure(PoolSettings newSettings) {
        PoolSettings old = settings;
        settings = newSettings;
        if (!old.target().equals(newSettings.target())) {
            reconnect();
        }
        maintain(System.nanoTime());
    }

    /**
     * A reload removed this pool's database or user: waiting clients are refused, others are closed once their
     * transaction is over, servers close as they come back.
     */
    public void retire(ErrorResponse why) {
        retired = true;
        List<Requester> refused;
        lock.lock();
        try {
            refused = waiters.drain();
        } finally {
            lock.unlock();
        }
        for (Requester requester : refused) {
            fail(requester, why);
        }
        for (Member member : members) {
            member.disconnectWhenIdle(why);
        }
        maintain(System.nanoTime());
    }

    public boolean isRetired() {
        return retired;
    }

    /**
     * Under the lock: an idle server for a client on {@code loop} (see {@link IdleServers#take}), or null when every
     * idle server was past {@code server_lifetime}. Those go to {@link #expiredOnTake}; the janitor's tick closes
     * the ones not met here.
     */
    private ServerConnection takeIdle(EventLoop loop) {
        long lifetime = settings.serverLifetime().toNanos();
        long now = lifetime > 0 ? System.nanoTime() : 0;
        for (ServerConnection server = idle.take(loop); server != null; server = idle.take(loop)) {
            if (lifetime <= 0 || now - server.createdNanos() < lifetime) {
                return server;
            }
            expiredOnTake.add(server);
        }
        return null;
    }

    /** Under the lock: queues {@code requester}; the pool's one wait timer will look at it in time. */
    private void enqueue(Requester requester) {
        waiters.add(requester, System.nanoTime(), settings);
    }

    /**
     * The wait timer: waiters past {@code query_wait_timeout} fail with 57014, those past {@code query_wait_notify}
     * get their notice; the timer is set again for the next due, if any.
     */
    private void checkWaiters() {
        List<Requester> expired = new ArrayList<>();
        List<Requester> notify = new ArrayList<>();
        PoolSettings current = settings;
        lock.lock();
        try {
            waiters.sweep(System.nanoTime(), current, expired, notify);
        } finally {
            lock.unlock();
        }
        for (Requester requester : expired) {
            stats.timedOut(Timeout.QUERY_WAIT);
            fail(requester, ProxyErrors.queryWaitTimeout(current.queryWaitTimeout()));
        }
        for (Requester requester : notify) {
            if (requester.eventLoop().inEventLoop()) {
                requester.onLongWait(current.queryWaitNotify());
            } else {
                requester.eventLoop().execute(() -> requester.onLongWait(current.queryWaitNotify()));
            }
        }
    }

    private boolean needsCheck(ServerConnection server) {
        return !settings.serverCheckQuery().isEmpty()
                && System.nanoTime() - server.idleSinceNanos() >= settings.serverCheckDelay().toNanos();
    }

    /**
     * A server idle for {@code server_check_delay} runs {@code server_check_query} before a client gets it (a
     * connection dropped by a firewall or a restarted PostgreSQL shows here, not in the client's request); one that
     * fails is closed and the client asks again.
     */
    private void checkThenHandOver(ServerConnection server, Requester requester) {
        server.eventLoop().execute(() -> server.inject(settings.serverCheckQuery(), error -> {
            if (error == null && server.isReusable()) {
                handOver(server, requester);
            } else {
                LOG.log(Level.INFO, "pool {0}: {1} failed its check; closing it", key, server);
                server.close();
                acquire(requester);
            }
        }));
    }

    /** Opens a server on {@code loop} for {@code requester}, or for the idle list when it is null. */
    private void open(EventLoop loop, Requester requester) {
        connector.connect(loop, settings.target(), this).addListener(f -> {
            if (f.isSuccess()) {
                connected((ServerConnection) f.getNow(), requester);
            } else {
                Throwable cause = f.cause();
                if (cause instanceof ServerLoginException e) {
                    connectFailed(e.error(), e.outOfDescriptors(), requester);
                } else {
                    connectFailed(ProxyErrors.serverUnreachable(settings.target(), cause),
                            ConnectFailure.outOfDescriptors(cause), requester);
                }
            }
        });
    }

    /** On the new server's loop. PostgreSQL is reachable: waiters held back while probing get connections too. */
    private void connected(ServerConnection server, Requester requester) {
        open.add(server);
        LOG.log(Level.INFO, "{0}", LogEvent.of("server login").with("id", server.id()).with("db", key.database())
                .with("user", key.user()).with("pid", server.backendKey().processId())
                .with("addr", server.channel().remoteAddress()));
        if (welcomeParameters == null) {
            Map<String, String> reported = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            reported.putAll(server.parameters().all());
            welcomeParameters = Collections.unmodifiableMap(reported);
        }
        List<Requester> more = new ArrayList<>();
        lock.lock();
        try {
            lastFailure = null;
            probing = false;
            // A server opened for no one goes to the head waiter through release(); the others get their own.
            int servedByThis = requester == null ? 1 : 0;
            while (!paused && waiters.size() > servedByThis && takeSlot(settings.size())) {
                more.add(waiters.pollLast());
            }
        } finally {
            lock.unlock();
        }
        for (Requester waiter : more) {
            open(waiter.eventLoop(), waiter);
        }
        if (requester != null) {
            handOver(server, requester);
        } else {
            release(server);
        }
    }

    /**
     * A connection attempt failed. Its slot is free again; every client waiting for this pool fails now with the
     * cause (PostgreSQL is down or refusing us), and new attempts wait {@code server_login_retry}, or at most a
     * second when Sluice had no descriptor for the socket ({@code local}).
     */
    private void connectFailed(ErrorResponse error, boolean local, Requester requester) {
        LOG.log(Level.WARNING, "pool {0}: {1}", key, error.message());
        List<Requester> failed;
        lock.lock();
        try {
            slotFreed();
            probing = false;
            lastFailure = error;
            failedLocally = local;
            failedAtNanos = System.nanoTime();
            failed = waiters.drain();
        } finally {
            lock.unlock();
        }
        if (requester != null) {
            fail(requester, error);
        }
        for (Requester waiter : failed) {
            fail(waiter, error);
        }
    }

    private long retryNanos() {
        long configured = settings.serverLoginRetry().toNanos();
        return failedLocally ? Math.min(configured, OUT_OF_DESCRIPTORS_RETRY_NANOS) : configured;
    }

    /** A server closed: its slot is free, so the longest waiter gets a new connection. */
    private void freeSlot(ServerConnection server) {
        Requester next = null;
        lock.lock();
        try {
            idle.remove(server);
            slotFreed();
            if (!closed && !paused && !waiters.isEmpty() && takeSlot(settings.size())) {
                next = waiters.pollFirst();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            open(next.eventLoop(), next);
        }
    }

    private static void handOver(ServerConnection server, Requester requester) {
        if (requester.eventLoop().inEventLoop()) {
            requester.onServer(server);
        } else {
            requester.eventLoop().execute(() -> requester.onServer(server));
        }
    }

    private static void fail(Requester requester, ErrorResponse error) {
        if (requester.eventLoop().inEventLoop()) {
            requester.onAcquireFailed(error);
        } else {
            requester.eventLoop().execute(() -> requester.onAcquireFailed(error));
        }
    }

    private boolean pastIdleTimeout(ServerConnection server, long nowNanos) {
        long limit = settings.serverIdleTimeout().toNanos();
        return limit > 0 && nowNanos - server.idleSinceNanos() >= limit;
    }

    private boolean pastLifetime(ServerConnection server, long nowNanos) {
        long limit = settings.serverLifetime().toNanos();
        return limit > 0 && nowNanos - server.createdNanos() >= limit;
    }
}
