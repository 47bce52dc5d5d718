package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frame.FrameChunk;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frontend.FrontendFrames;
import io.sluice.protocol.frontend.FrontendMessages;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.net.ReadGate;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.ServerStatements;
import io.sluice.proxy.prepared.StatementKey;
import io.sluice.proxy.stats.PoolStats;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One logged-in PostgreSQL session: sends frames with their expectations and routes every reply.
 *
 * <p>Every reply is matched against the {@link ExpectationQueue}: replies to client requests are written to the
 * attached client untouched (retained slices of what PostgreSQL sent), replies to proxy-injected requests are
 * dropped. A reply no request explains means the session is out of step: it is closed, never reused.
 *
 * <p>Replies that need nothing but forwarding (rows, command completions, parse and bind completions, the
 * request's ReadyForQuery...) do not come one by one through the pipeline: the frame decoder offers each to
 * {@link #joins} in place, and hands those that join to {@link #run} as one slice, written to the client as one
 * buffer. Everything else arrives in {@link #channelRead} alone, after the run before it was written.
 *
 * <p>Owned by its channel's event loop. Methods called from another loop hop onto it first, so a client on another
 * loop may use it; forwarding itself allocates nothing on the same loop.
 */
public final class ServerConnection extends ChannelInboundHandlerAdapter implements PgFrameDecoder.Runs {

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    /** The pool side of a server: where it goes back when clean, and who hears that it closed. */
    public interface Owner {
        /** The server is clean and idle again. Called on the server's loop. */
        void release(ServerConnection server);

        /** The server closed and must be forgotten. Called on the server's loop. */
        void closed(ServerConnection server);

        /** Where this server's requests, transactions, bytes and state changes are counted. */
        PoolStats stats();
    }

    private final Channel channel;
    private final ServerTarget target;
    /** The pool's counters of this server's loop. */
    private final PoolStats.Local stats;
    private final ServerParameters parameters;
    private final BackendKeyData backendKey;
    private final Owner owner;
    private final CancelForwarder canceller;
    private final long createdNanos;
    /** For the admin console: a process-unique number, and wall-clock times of connect and last attach. */
    private final long id = IDS.incrementAndGet();
    private final long connectMillis = System.currentTimeMillis();
    private volatile long attachMillis;
    private final ExpectationQueue queue = new ExpectationQueue();
    private final RequestClock clock;

    private ServerState state = ServerState.IDLE;
    private TransactionStatus transactionStatus = TransactionStatus.IDLE;
    private volatile ServerClient client;
    private long idleSinceNanos;
    private ScheduledFuture<?> resetDeadline;
    /** Statement mode: a request that leaves a transaction open is rolled back and refused. */
    private boolean refuseTransactions;
    /** The settings this session has beyond what PostgreSQL reports, and whether a client changed them. */
    private final SessionSettings settings;
    /** Per-message order of the client's extended-protocol messages, when prepared statements are tracked. */
    private final MessageTracker tracker = new MessageTracker();
    private final CachedPlanRetry retry = new CachedPlanRetry();
    /** {@link #toClient} and {@link #resend} as callbacks, made once: a method reference is an object per use. */
    private final Consumer<ByteBuf> toClient = this::toClient;
    private final Consumer<ByteBuf> resend = this::resend;
    /** The prepared statements this session holds; created when a tracking client first attaches. */
    private ServerStatements statements;
    /** The attached client's statements, or null when nothing is tracked (session mode, tracking off). */
    private PreparedStatements prepared;
    private StatementRewriter rewriter;
    /** The rewriter this session reuses for each tracking client it serves (null until the first). */
    private StatementRewriter idleRewriter;
    /** The last error forwarded to the client, for a Bind that failed (a stale cached plan). */
    private ErrorResponse lastForwardedError;
    /** The client channel written to since the last flush. */
    private Channel unflushed;
    /** Cancel requests sent to PostgreSQL for this session and not yet dealt with; changed on this loop only. */
    private volatile int cancelsInFlight;
    /** Released while a cancel was in flight: goes back to the pool once PostgreSQL has dealt with it. */
    private boolean releaseAfterCancel;
    /** A ReadyForQuery joined the run being gathered: the run ends with it, and {@link #run} finishes it. */
    private boolean readyJoined;

    ServerConnection(Channel channel, ServerTarget target, ServerParameters parameters, BackendKeyData backendKey,
            Owner owner, CancelForwarder canceller) {
        this.channel = channel;
        this.canceller = canceller;
        this.target = target;
        this.parameters = parameters;
        this.settings = new SessionSettings(parameters);
        this.backendKey = backendKey;
        this.owner = owner;
        this.createdNanos = System.nanoTime();
        this.idleSinceNanos = createdNanos;
        // On this server's loop (the login handler hands over here), which is the only thread that counts for it.
        this.stats = owner.stats().local();
        this.clock = new RequestClock(stats);
        stats.serverState(null, state);
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Stopping this server's reads for a slow client must hold: see ReadGate.
        ReadGate.addTo(ctx.pipeline());
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public ServerTarget target() {
        return target;
    }

    /** The server's parameters as it last reported them. Read on the server's loop. */
    public ServerParameters parameters() {
        return parameters;
    }

    /** Whether {@code candidate} is the client this server serves now. On the server's loop. */
    public boolean isServing(Object candidate) {
        return client != null && client == candidate;
    }

    /** The key PostgreSQL gave this session, used to cancel its running query. */
    public BackendKeyData backendKey() {
        return backendKey;
    }

    public long createdNanos() {
        return createdNanos;
    }

    public long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** Whether the session can serve another client: open, idle, nothing outstanding. */
    public boolean isReusable() {
        return channel.isActive() && state == ServerState.IDLE && queue.isEmpty()
                && transactionStatus == TransactionStatus.IDLE;
    }

    /**
     * Gives the server to {@code newClient}. Runs on the server's loop.
     *
     * @return false when the server closed between the pool's hand-over and now; the client must ask again
     */
    public boolean attach(ServerClient newClient, boolean refuseTransactions, PreparedStatements tracked) {
        assert eventLoop().inEventLoop();
        if (state != ServerState.IDLE || !channel.isActive()) {
            return false;
        }
        this.refuseTransactions = refuseTransactions;
        this.prepared = tracked;
        if (tracked != null) {
            if (statements == null) {
                statements = new ServerStatements(tracked.maxPerServer());
            }
            if (idleRewriter == null) {
                idleRewriter = new StatementRewriter(statements, tracked, channel.alloc(), new RewriteSink());
            }
            rewriter = idleRewriter.attach(tracked);
        } else {
            rewriter = null;
        }
        client = newClient;
        attachMillis = System.currentTimeMillis();
        setState(ServerState.ACTIVE);
        clientWritabilityChanged();
        return true;
    }

    /**
     * Sends client messages without flushing: a {@code ByteBuf} holding one whole message or a run of them (see
     * {@link #forwardsUnchanged}), or a {@link FrameChunk}. Takes ownership.
     */
    public void send(Object message) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> send(message));
            return;
        }
        if (state != ServerState.ACTIVE) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof ByteBuf frame) {
            if (!Frames.isSingle(frame)) {
                sendRun(frame);
                return;
            }
            clock.clientMessage(frame.readableBytes(), endsRequest(Frames.tag(frame)));
            boolean idleBefore = queue.isEmpty() && transactionStatus == TransactionStatus.IDLE;
            queue.clientMessage(Frames.tag(frame));
            if (rewriter != null) {
                retry.clientMessage(frame, idleBefore);
                rewriter.handle(frame);
                return;
            }
        } else if (message instanceof FrameChunk chunk && chunk.first()) {
            clock.clientMessage(chunk.content().readableBytes(), endsRequest(chunk.tag()));
            queue.clientMessage(chunk.tag());
            if (rewriter != null && ExpectationQueue.effectOf(chunk.tag()) == ExpectationQueue.Effect.CLOSES) {
                tracker.sent(MessageTracker.Kind.QUERY, MessageTracker.Action.FORWARD, null);
            }
        }
        if (message instanceof FrameChunk chunk && !chunk.first()) {
            clock.clientBytes(chunk.content().readableBytes());
        }
        channel.write(message instanceof FrameChunk chunk ? chunk.content() : message, channel.voidPromise());
    }

    /**
     * Whether a client message may reach this kind of server in a run, one write with the messages around it: when
     * statements are {@code tracked}, only a message the rewriter would send unchanged (see
     * {@link StatementRewriter#passesUnchanged}); otherwise any. The client side decides, message by message, as its
     * frame decoder offers them. This reads nothing outside the message; whether it is well formed is
     * {@link FrontendFrames#check(ByteBuf, int, int)}'s to say, and a message must pass both to join.
     */
    public static boolean forwardsUnchanged(ByteBuf in, int start, int total, boolean tracked) {
        return !tracked || StatementRewriter.passesUnchanged(in, start, total);
    }

    /**
     * Sends a run of client messages as one write. Each is counted, queued and tracked as {@link #send} would one
     * frame of its own; none needs the rewriter's decisions ({@link #forwardsUnchanged}).
     */
    private void sendRun(ByteBuf messages) {
        for (int at = messages.readerIndex(), end = messages.writerIndex(); at < end; ) {
            byte tag = messages.getByte(at);
            int total = Frames.sizeAt(messages, at);
            clock.clientMessage(total, endsRequest(tag));
            boolean idleBefore = queue.isEmpty() && transactionStatus == TransactionStatus.IDLE;
            queue.clientMessage(tag);
            if (rewriter != null) {
                retry.clientMessage(messages, at, total, idleBefore);
                MessageTracker.Kind kind = StatementRewriter.kindOf(messages, at);
                if (kind != null) {
                    tracker.sent(kind, MessageTracker.Action.FORWARD, null);
                }
            }
            at += total;
        }
        channel.write(messages, channel.voidPromise());
    }

    private static boolean endsRequest(byte tag) {
        return ExpectationQueue.effectOf(tag) == ExpectationQueue.Effect.CLOSES;
    }

    /** Carries out the rewriter's decisions, on this loop. */
    private final class RewriteSink implements StatementRewriter.Sink {
        @Override
        public void send(ByteBuf frame, MessageTracker.Kind kind, MessageTracker.Action action,
                MessageTracker.Outcome outcome) {
            if (kind != null) {
                tracker.sent(kind, action, outcome);
            }
            channel.write(frame, channel.voidPromise());
        }

        @Override
        public void answer(ByteBuf reply) {
            tracker.synthesized(reply);
            if (client != null) {
                // Due now when nothing before it is still owed; PostgreSQL may send nothing to trigger a flush.
                tracker.emitDue(toClient);
                client.channel().flush();
            }
        }

        @Override
        public void refuse(ErrorResponse error) {
            ServerClient refused = client;
            if (refused != null) {
                refused.onServerLost(error);
            }
        }

        @Override
        public void bindFailed(String name, StatementKey key) {
            ErrorResponse error = lastForwardedError;
            if (error != null && SqlState.FEATURE_NOT_SUPPORTED.equals(error.sqlState()) && error.message() != null
                    && error.message().contains("cached plan must not change result type")) {
                // The table changed under a shared statement: a new name, so every server prepares it afresh.
                prepared.registry().renew(key, name);
                statements.remove(name);
            }
        }
    }

    /** Writes a reply through the tracker when messages are tracked, so added and removed replies keep order. */
    private void forwardTracked(byte tag, ByteBuf frame) {
        if (rewriter == null && tracker.isEmpty()) {
            toClient(frame);
            return;
        }
        tracker.emitDue(toClient);
        if (tracker.onReply(tag)) {
            retry.replyForwarded(tag);
            toClient(frame);
        } else {
            frame.release();
        }
        tracker.emitDue(toClient);
    }

    /** Sends a kept client message again (a cached-plan retry), as if the client had sent it. */
    private void resend(ByteBuf frame) {
        queue.clientMessage(Frames.tag(frame));
        rewriter.handle(frame);
    }

    /** Flushes what {@link #send} wrote; the client calls it once per read batch. */
    public void flush() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::flush);
            return;
        }
        channel.flush();
    }

    /**
     * Sends a query of the proxy's own; its replies are dropped and {@code done} hears the first error, or
     * {@code null}, once PostgreSQL is ready again. Runs on the server's loop.
     */
    public void inject(String sql, Consumer<ErrorResponse> done) {
        inject(sql, false, done);
    }

    private void inject(String sql, boolean reportParameters, Consumer<ErrorResponse> done) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> inject(sql, reportParameters, done));
            return;
        }
        if (state == ServerState.CLOSED) {
            // Closed after the caller chose this server (the pool's check of an idle server that PostgreSQL
            // dropped meanwhile): close() has already abandoned the queue, so answer now or no one ever will.
            done.accept(closedError());
            return;
        }
        settings.unknown();
        queue.inject(done, reportParameters);
        channel.writeAndFlush(Query.write(channel.alloc(), sql), channel.voidPromise());
    }

    /**
     * Whether this session already has {@code desired} as the last client matched here had them, so that
     * {@link #applySettings} would send nothing. False means "not known", not "different".
     */
    public boolean hasSettings(ClientSettings desired) {
        assert eventLoop().inEventLoop();
        return settings.matches(desired);
    }

    /**
     * Gives this session the client's settings: {@code SET} for each that differs from what the server has,
     * {@code RESET} for each one an earlier client had injected that this client does not want. {@code done} hears
     * the first error, or {@code null}, on this loop once PostgreSQL is ready again (at once when nothing differs).
     */
    public void applySettings(ClientSettings desired, boolean reportToClient, Consumer<ErrorResponse> done) {
        assert eventLoop().inEventLoop();
        String sql = settings.sqlFor(desired);
        if (sql.isEmpty()) {
            done.accept(null);
            return;
        }
        inject(sql, reportToClient, error -> {
            if (error == null) {
                settings.applied(desired);
            }
            done.accept(error);
        });
    }

    /**
     * The client is done with this server (transaction mode: its transaction ended, nothing in flight). Settings the
     * client changed are reset before the server goes back to its pool; a server not provably idle is closed.
     */
    public void release() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::release);
            return;
        }
        if (state != ServerState.ACTIVE) {
            return;
        }
        client = null;
        detachStatements();
        channel.config().setAutoRead(true);
        if (!queue.isEmpty() || transactionStatus != TransactionStatus.IDLE) {
            LOG.log(Level.WARNING, "{0}: released with a request in flight or a transaction open; closing", this);
            close();
            return;
        }
        if (cancelsInFlight > 0) {
            // A cancel sent for the client's request may still land on whatever runs here next: no other client
            // gets this session until PostgreSQL has dealt with it (PgBouncer's sv_being_canceled).
            releaseAfterCancel = true;
            return;
        }
        finishRelease();
    }

    /**
     * Asks PostgreSQL to cancel what this session runs for the client it serves (a client's CancelRequest). On this
     * loop, after checking {@link #isServing}.
     */
    public void cancel() {
        assert eventLoop().inEventLoop();
        cancelsInFlight++;
        canceller.forward(target, backendKey, () -> eventLoop().execute(this::cancelDone));
    }

    /** Whether a cancel PostgreSQL has not dealt with yet is in flight ({@code sv_being_canceled}). Any thread. */
    public boolean isBeingCancelled() {
        return cancelsInFlight > 0;
    }

    private void cancelDone() {
        cancelsInFlight--;
        if (cancelsInFlight == 0 && releaseAfterCancel) {
            releaseAfterCancel = false;
            if (state == ServerState.ACTIVE && client == null) {
                finishRelease();
            }
        }
    }

    private void finishRelease() {
        if (settings.isChangedByClient()) {
            setState(ServerState.RESETTING);
            inject("RESET ALL", error -> {
                settings.reset();
                if (error != null || state != ServerState.RESETTING) {
                    close();
                    return;
                }
                backToPool();
            });
            return;
        }
        backToPool();
    }

    private void detachStatements() {
        clock.clear();
        tracker.clear();
        retry.clear();
        rewriter = null;
        prepared = null;
        lastForwardedError = null;
    }

    private void backToPool() {
        idleSinceNanos = System.nanoTime();
        setState(ServerState.IDLE);
        owner.release(this);
    }

    /**
     * Adjusts reading to the attached client's writability, read now on this loop (level-triggered, so a stale
     * notification cannot leave reading off): a slow client stops the server's reads.
     */
    public void clientWritabilityChanged() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::clientWritabilityChanged);
            return;
        }
        ServerClient c = client;
        channel.config().setAutoRead(c == null || c.channel().isWritable());
    }

    /**
     * The client left. A server with nothing outstanding is rolled back if needed, reset with
     * {@code resetQuery} and returned to its pool; one with a request still running is closed, since its state
     * cannot be proven clean.
     */
    public void clientGone(String resetQuery, Duration resetTimeout) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> clientGone(resetQuery, resetTimeout));
            return;
        }
        if (state != ServerState.ACTIVE) {
            return;
        }
        client = null;
        detachStatements();
        channel.config().setAutoRead(true);
        if (!queue.isEmpty() || cancelsInFlight > 0) {
            // Its state cannot be proven clean, or a cancel may still land on what runs next: stop what it is
            // running (PostgreSQL would otherwise finish the query before noticing the closed socket) and close it.
            LOG.log(Level.DEBUG, "{0}: client left with a request in flight; cancelling and closing the server",
                    this);
            canceller.forward(target, backendKey);
            close();
            return;
        }
        setState(ServerState.RESETTING);
        resetDeadline = eventLoop().schedule(() -> {
            LOG.log(Level.WARNING, "{0}: reset did not finish within pool.server_reset_timeout ({1}); closing",
                    this, resetTimeout);
            close();
        }, resetTimeout.toNanos(), TimeUnit.NANOSECONDS);
        if (transactionStatus != TransactionStatus.IDLE) {
            inject("ROLLBACK", error -> afterRollback(error, resetQuery));
        } else {
            afterRollback(null, resetQuery);
        }
    }

    private void afterRollback(ErrorResponse error, String resetQuery) {
        if (error != null) {
            resetFailed(error);
        } else if (!resetQuery.isEmpty()) {
            inject(resetQuery, this::resetDone);
        } else if (settings.needsReset()) {
            inject("RESET ALL", this::resetDone);
        } else {
            resetDone(null);
        }
    }

    private void resetDone(ErrorResponse error) {
        if (error != null) {
            resetFailed(error);
            return;
        }
        if (state != ServerState.RESETTING || transactionStatus != TransactionStatus.IDLE) {
            close();
            return;
        }
        resetDeadline.cancel(false);
        // The reset query (DISCARD ALL by default) returned every setting to the login defaults.
        settings.reset();
        backToPool();
    }

    private void resetFailed(ErrorResponse error) {
        LOG.log(Level.WARNING, "{0}: reset failed ({1} {2}); closing", this, error.sqlState(), error.message());
        close();
    }

    /** Closes the session: a polite {@code Terminate}, then the socket. Its pool forgets it. */
    public void close() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::close);
            return;
        }
        if (state == ServerState.CLOSED) {
            return;
        }
        setState(ServerState.CLOSED);
        if (resetDeadline != null) {
            resetDeadline.cancel(false);
        }
        // The pool's slot is freed once the socket is really closed, so PostgreSQL never sees more sessions
        // than the pool size. Terminate is best effort: close does not wait for a peer that is not reading.
        channel.closeFuture().addListener(f -> owner.closed(this));
        if (channel.isActive()) {
            channel.writeAndFlush(FrontendMessages.terminate(channel.alloc()), channel.voidPromise());
        }
        channel.close();
        ErrorResponse gone = closedError();
        queue.abandon().forEach(waiting -> waiting.accept(gone));
        clock.clear();
        tracker.clear();
        retry.clear();
    }

    /** What a request waiting on this closed server hears. */
    private ErrorResponse closedError() {
        return ProxyErrors.serverLost(target, "the server connection closed");
    }

    /**
     * Whether a complete reply, still in the read buffer, is forwarded with its neighbours as one run. Only
     * replies to the client's own requests, with no effect but the tracker's step and the byte count, do, and a
     * plain {@code ReadyForQuery}, which ends the run ({@link #joinsReady}). Errors, notices and parameter reports,
     * replies to the proxy's own requests, replies with a synthesized reply due before them, and command tags that
     * change the session come through {@link #channelRead} alone. Joining takes the tracker's step, as
     * {@link #forwardTracked} would.
     */
    @Override
    public boolean joins(ByteBuf in, int start, byte tag, int total) {
        if (readyJoined || tag < 0 || !RUN_TAGS[tag] || client == null || state != ServerState.ACTIVE
                || queue.disposition() != Expectation.Disposition.FORWARD) {
            return false;
        }
        if (tag == BackendTag.READY_FOR_QUERY) {
            return joinsReady(in, start, total);
        }
        if (tag == BackendTag.COMMAND_COMPLETE && (SqlLiterals.changesSettings(in, start, start + total)
                || statements != null && SqlLiterals.dropsPreparedStatements(in, start, start + total))) {
            return false;
        }
        if (rewriter == null && tracker.isEmpty()) {
            return true;
        }
        if (!tracker.isEmpty()) {
            if (!tracker.forwardsNext()) {
                return false;
            }
            tracker.onReply(tag);
        }
        retry.replyForwarded(tag);
        return true;
    }

    /**
     * A {@code ReadyForQuery} ends the run it joins, when nothing but forwarding it is left to decide: a well-formed
     * one, for the client's own request, with no cached-plan retry pending, no answer of Sluice's due before it
     * and (statement mode) no transaction left open. Its bookkeeping is done here; what it sets off
     * ({@link #readyForwarded}) waits until the run is written.
     */
    private boolean joinsReady(ByteBuf in, int start, int total) {
        byte status = total == 6 ? in.getByte(start + 5) : 0;
        if (status != 'I' && status != 'T' && status != 'E' || !queue.headIsClientClosed() || retry.holdsError()
                || refuseTransactions && status != 'I' || !tracker.isEmpty() && !tracker.forwardsNext()) {
            return false;
        }
        transactionStatus = TransactionStatus.of(status);
        queue.readyForQuery();
        if (!tracker.isEmpty()) {
            tracker.onReply(BackendTag.READY_FOR_QUERY);
        }
        if (rewriter != null) {
            // Ends the request for the cached-plan retry, which held nothing.
            retry.clear();
        }
        readyJoined = true;
        return true;
    }

    /**
     * Writes the replies that {@link #joins joined}, then any synthesized reply due after them; when the run ends
     * with a {@code ReadyForQuery}, tells the client its request ended.
     */
    @Override
    public void run(ByteBuf replies) {
        toClient(replies);
        if (readyJoined) {
            readyJoined = false;
            readyForwarded();
        } else if (!tracker.isEmpty()) {
            tracker.emitDue(toClient);
        }
    }

    /** The reply tags {@link #joins} may take: no others have effects beyond the tracker. */
    private static final boolean[] RUN_TAGS = new boolean[128];

    static {
        for (char tag : "123CDITZdcnst".toCharArray()) {
            RUN_TAGS[tag] = true;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == ServerState.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof FrameChunk chunk) {
            route(chunk.tag(), chunk.content());
            return;
        }
        ByteBuf frame = (ByteBuf) msg;
        byte tag = Frames.tag(frame);
        switch (tag) {
            case BackendTag.READY_FOR_QUERY -> readyForQuery(frame);
            case BackendTag.PARAMETER_STATUS -> {
                ParameterStatus status = readOrRelease(frame, ParameterStatus::read);
                if (status != null) {
                    settings.unknown();
                    parameters.update(status.name(), status.value());
                    if (client != null && (queue.disposition() == Expectation.Disposition.FORWARD
                            || queue.headReportsParameters())) {
                        client.onParameterStatus(status.name(), status.value());
                    }
                    route(tag, frame);
                }
            }
            case BackendTag.ERROR_RESPONSE -> error(frame);
            case BackendTag.NOTICE_RESPONSE, BackendTag.NOTIFICATION_RESPONSE -> routeAsync(frame);
            default -> route(tag, frame);
        }
    }

    private void readyForQuery(ByteBuf frame) {
        Expectation finished;
        try {
            transactionStatus = ReadyForQuery.status(frame);
            finished = queue.readyForQuery();
        } catch (RuntimeException e) {
            frame.release();
            outOfStep("ReadyForQuery: " + e.getMessage());
            return;
        }
        if (finished.disposition() == Expectation.Disposition.FORWARD && client != null) {
            if (!tracker.isEmpty()) {
                tracker.emitDue(toClient);
                tracker.onReply(BackendTag.READY_FOR_QUERY);
            }
            if (rewriter != null && retry.atReadyForQuery(queue.isEmpty(), resend, toClient)) {
                // Nothing of the request ran and nothing else is outstanding: sent again under the new name.
                frame.release();
                channel.flush();
                return;
            }
            if (refuseTransactions && transactionStatus != TransactionStatus.IDLE) {
                frame.release();
                refuseTransaction();
                return;
            }
            toClient(frame);
            readyForwarded();
        } else {
            frame.release();
            if (finished.onDone() != null) {
                finished.onDone().accept(queue.finishedError());
            }
        }
    }

    /**
     * After a forwarded {@code ReadyForQuery} was written: the answers of Sluice's now due (the next request's, a
     * client that pipelined it with a Flush hears them now, since PostgreSQL may send nothing more), then the
     * client hears its request ended, which may give this server to the next client.
     */
    private void readyForwarded() {
        if (!tracker.isEmpty()) {
            tracker.emitDue(toClient);
        }
        clock.readyForQuery(transactionStatus);
        client.onReadyForQuery(transactionStatus, queue.inFlight());
    }

    /**
     * Statement mode: the client's statement left a transaction open. PostgreSQL's {@code ReadyForQuery} is held
     * back, the transaction rolled back, and the client told why, then told the server is ready ({@code I}).
     */
    private void refuseTransaction() {
        ServerClient refused = client;
        inject("ROLLBACK", error -> {
            if (error != null || client != refused) {
                outOfStep("ROLLBACK of a refused transaction failed");
                return;
            }
            Channel ch = refused.channel();
            ch.write(ProxyErrors.transactionInStatementMode().write(ch.alloc()), ch.voidPromise());
            ch.write(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE), ch.voidPromise());
            ch.flush();
            refused.onReadyForQuery(TransactionStatus.IDLE, queue.inFlight());
        });
    }

    private void error(ByteBuf frame) {
        Expectation.Disposition disposition = queue.disposition();
        if (disposition != Expectation.Disposition.SWALLOW && client != null) {
            // A request's error, or a FATAL one PostgreSQL sends before it closes the session.
            if (rewriter != null) {
                lastForwardedError = readOrRelease(frame, ErrorResponse::read);
                if (lastForwardedError == null) {
                    return;
                }
                if (retry.hold(frame, lastForwardedError, tracker.headIs(MessageTracker.Kind.BIND))) {
                    // Kept until ReadyForQuery; the tracker still skips to Sync and renames the statement.
                    tracker.emitDue(toClient);
                    tracker.onReply(BackendTag.ERROR_RESPONSE);
                    return;
                }
            }
            forwardTracked(BackendTag.ERROR_RESPONSE, frame);
            return;
        }
        ErrorResponse error = readOrRelease(frame, ErrorResponse::read);
        if (error == null) {
            return;
        }
        frame.release();
        if (disposition == Expectation.Disposition.SWALLOW) {
            queue.swallowedError(error);
        } else {
            LOG.log(Level.INFO, "{0}: PostgreSQL reported {1} {2}", this, error.sqlState(), error.message());
            if (error.isFatal() && client == null) {
                // An idle session PostgreSQL is ending (pg_terminate_backend, a shutdown): out of the pool now,
                // rather than when its end of stream arrives, so no client is handed a session that is gone.
                close();
            }
        }
    }

    /** Parses a frame; a malformed one is released and closes the server as out of step. */
    private <T> T readOrRelease(ByteBuf frame, java.util.function.Function<ByteBuf, T> reader) {
        try {
            return reader.apply(frame);
        } catch (RuntimeException e) {
            frame.release();
            outOfStep("malformed " + BackendTag.name(Frames.tag(frame)) + ": " + e.getMessage());
            return null;
        }
    }

    /** Notices and notifications: the client hears them unless the proxy is talking to the server on its own. */
    private void routeAsync(ByteBuf frame) {
        if (client != null && queue.disposition() != Expectation.Disposition.SWALLOW) {
            toClient(frame);
        } else {
            frame.release();
        }
    }

    private void route(byte tag, ByteBuf frame) {
        Expectation.Disposition disposition = queue.disposition();
        if (tag == BackendTag.COMMAND_COMPLETE && statements != null && SqlLiterals.dropsPreparedStatements(frame)) {
            // DEALLOCATE ALL or DISCARD ALL, the client's or a reset's: the session holds no statement now.
            statements.clear();
            if (prepared != null && disposition == Expectation.Disposition.FORWARD) {
                prepared.client().clear();
            }
        }
        if (disposition == Expectation.Disposition.FORWARD && client != null) {
            if (tag == BackendTag.COMMAND_COMPLETE && SqlLiterals.changesSettings(frame)) {
                settings.changedByClient();
                if (SqlLiterals.resetsSettings(frame)) {
                    client.onSettingsReset();
                }
            }
            if (tag == BackendTag.PARAMETER_STATUS) {
                toClient(frame);
            } else {
                forwardTracked(tag, frame);
            }
        } else if (tag == BackendTag.PARAMETER_STATUS && client != null && queue.headReportsParameters()) {
            toClient(frame);
        } else if (disposition == Expectation.Disposition.SWALLOW
                || tag == BackendTag.PARAMETER_STATUS) {
            frame.release();
        } else {
            frame.release();
            outOfStep("unexpected " + BackendTag.name(tag) + " with no request in flight");
        }
    }

    private void outOfStep(String what) {
        LOG.log(Level.WARNING, "{0}: {1}; closing the server", this, what);
        ServerClient lost = client;
        close();
        if (lost != null) {
            lost.onServerLost(ProxyErrors.serverLost(target, what));
        }
    }

    /** Writes a reply to the attached client; the flush comes once per read batch. */
    private void toClient(ByteBuf frame) {
        clock.sentToClient(frame.readableBytes());
        Channel ch = client.channel();
        if (unflushed != null && unflushed != ch) {
            // The server changed hands within one read batch (transaction mode): the previous client's replies,
            // its ReadyForQuery included, must not wait for a flush that would now go to the new client.
            unflushed.flush();
        }
        ch.write(frame, ch.voidPromise());
        unflushed = ch;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // The client written to may have been released by the last ReadyForQuery of this batch: flush it anyway.
        Channel ch = unflushed;
        if (ch != null) {
            unflushed = null;
            ch.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerClient c = client;
        if (c != null) {
            // The client stops reading while PostgreSQL cannot take more of what it sends.
            c.serverWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ServerClient lost = client;
        boolean wasOpen = state != ServerState.CLOSED;
        ErrorResponse swallowed = queue.swallowedErrorSoFar();
        close();
        if (swallowed != null) {
            LOG.log(Level.INFO, "{0}: PostgreSQL reported {1} {2} and closed", this, swallowed.sqlState(),
                    swallowed.message());
        }
        if (wasOpen && lost != null) {
            lost.channel().flush();
            lost.onServerLost(swallowed != null && swallowed.isFatal() ? swallowed
                    : ProxyErrors.serverLost(target, "PostgreSQL closed the connection"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        outOfStep(cause.getClass().getSimpleName() + ": " + cause.getMessage());
        ctx.close();
    }

    private void setState(ServerState next) {
        stats.serverState(state, next);
        state = next;
    }

    /** The transaction status of the last {@code ReadyForQuery}. */
    public TransactionStatus transactionStatus() {
        return transactionStatus;
    }

    /** A process-unique number for the admin console ({@code SHOW SERVERS} id and ptr). */
    public long id() {
        return id;
    }

    /** When the connection was made, epoch milliseconds. */
    public long connectMillis() {
        return connectMillis;
    }

    /** When a client last got this server, epoch milliseconds; 0 before the first. */
    public long attachMillis() {
        return attachMillis;
    }

    /** The id of the client served now, 0 when none. Any thread. */
    public long clientId() {
        ServerClient c = client;
        return c == null ? 0 : c.id();
    }

    /** Prepared statements Sluice keeps on this server. Any thread (an approximate figure). */
    public int preparedStatements() {
        ServerStatements s = statements;
        return s == null ? 0 : s.size();
    }

    /** Requests that still await their {@code ReadyForQuery}. */
    public int inFlight() {
        return queue.inFlight();
    }

    @Override
    public String toString() {
        return "server " + target.user() + "@" + target.address() + "/" + target.database() + " pid "
                + backendKey.processId();
    }
}
