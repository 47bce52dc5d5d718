package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.config.PoolConfig;
import io.sluice.config.PoolMode;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frame.FrameChunk;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frontend.FrontendFrames;
import io.sluice.proxy.LogEvent;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.cancel.CancelKey;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.cancel.Cancellable;
import io.sluice.proxy.net.ReadGate;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.pool.ConnectionInfo;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.prepared.ClientStatements;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.server.ClientSettings;
import io.sluice.proxy.server.ExpectationQueue;
import io.sluice.proxy.server.ServerClient;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.session.ClientSession;
import io.sluice.proxy.stats.Timeout;
import io.sluice.proxy.tls.TlsInfo;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logged-in client, in every pool mode.
 *
 * <pre>
 *   LOGIN ──welcome sent──▶ ATTACHED ◀──server granted── WAITING ◀──first message── IDLE
 *                              │                                                     ▲
 *                              └──ReadyForQuery 'I', nothing in flight (transaction, statement)──┘
 *   any state ──▶ CLOSED
 * </pre>
 *
 * <p>Session mode keeps the server it logged in with. Transaction and statement modes log in from the pool's
 * cached server parameters when it has them, ask for a server on the first message of a transaction, keep it while
 * a transaction is open or a request is in flight, and give it back on the {@code ReadyForQuery} that ends them.
 * Before a server serves the client, the client's settings are applied there with injected {@code SET}s; a failure
 * answers the client's request as PostgreSQL would have.
 *
 * <p>Owned by the client channel's event loop; the server may live on another loop, so its callbacks hop here. The
 * client's {@link #settings} are touched only by the loop that owns the current exchange (this loop while idle or
 * waiting, the server's while attached); every hand-over between them goes through {@code execute}.
 *
 * <p><b>Messages in runs.</b> The frame decoder offers each whole message to {@link #joins} before it emits it. A
 * message joins the current run when forwarding it unchanged is all there is to do in the client's state: it is well
 * formed, not a {@code Terminate}, no request is being skipped to its {@code Sync}, and the server side would send it
 * as it is ({@link ServerConnection#forwardsUnchanged}: with tracked statements, nothing that names one and no
 * {@code Query}). Joining does the message's bookkeeping here (activity time; attached: the request counter; idle:
 * waiting, a server due at the end of the read batch); the first message that does not join ends the run, which
 * {@link #run} forwards (attached) or holds (waiting) as one buffer, before that message reaches
 * {@link #channelRead} alone. So the order of everything the client sent is kept, and an extended-protocol request
 * (Parse, Bind, Describe, Execute, Sync) is one slice and one write where it was five. A buffer in {@link #pending}
 * is therefore one message or a run of them; whatever reads it walks its messages ({@link Frames#sizeAt}).
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements Pool.Member, ServerClient,
        Cancellable, PgFrameDecoder.Runs {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    /** What a logged-in client may send; anything else is refused at its header (08P01). */
    private static final String SESSION_TAGS = "QPBDECSHXdcfF";
    private static final int PENDING_BYTES = 256 * 1024;
    private static final int PENDING_MESSAGES = 1024;
    /** Room for one extended-protocol request (Parse, Bind, Describe, Execute, Sync) before the queue grows. */
    private static final int PENDING_INITIAL = 6;

    private final Pool pool;
    private final PoolMode mode;
    private final CancelRegistry cancels;
    private final PoolConfig poolConfig;
    private final Welcome welcome;
    /**
     * Messages read while no server serves the client. Reading goes on while it waits (a client normally sends
     * nothing more until it is answered, and toggling reading costs two epoll_ctl calls per transaction); it stops
     * only when a pipelining client has more than {@link #PENDING_BYTES} or {@link #PENDING_MESSAGES} held here.
     */
    private final ArrayDeque<Object> pending = new ArrayDeque<>(PENDING_INITIAL);
    private int pendingBytes;
    private final RequestCounter requests = new RequestCounter();
    /** The settings this client's session must have on any server: startup settings and what it SET since. */
    private final ClientSettings settings;
    /** What the client asked for at startup: where its RESET returns to. */
    private final Map<String, String> startupSettings;
    /** The client's prepared statements when they are tracked, else null. */
    private final PreparedStatements prepared;
    /** Its settings must be re-applied, and the client shown the result (after its RESET). */
    private volatile boolean reapply;

    private final long id = IDS.incrementAndGet();
    private final long connectMillis = System.currentTimeMillis();
    private final String user;
    private final boolean logConnections;
    private ChannelHandlerContext ctx;
    private volatile ClientState state = ClientState.LOGIN;
    /** Set by the admin console or a reload: the client is closed with it once its transaction is over. */
    private volatile ErrorResponse closeWhenIdle;
    private volatile long waitSinceNanos;
    /** Why the client is being closed, for the disconnect log line; null when it left by itself. */
    private String closeReason;
    /** The client's application_name as PostgreSQL last reported it, for SHOW CLIENTS (read on other threads). */
    private volatile String applicationName;
    private CancelKey cancelKey;
    private volatile ServerConnection server;
    private boolean welcomed;
    /** A transaction's first messages are pending; the pool is asked at the end of the read batch. */
    private boolean acquireDue;
    /** After answering an unfinished extended-protocol request locally: drop messages until its Sync. */
    private boolean skipUntilSync;
    /** A malformed message was refused: the client is being closed, and nothing more of it is read. */
    private boolean refused;
    private TransactionStatus transactionStatus = TransactionStatus.IDLE;
    private long lastActivityNanos;
    /** A message was read in the current read batch ({@link #lastActivityNanos} is its time). */
    private boolean readInBatch;
    private long requestStartNanos;
    private ScheduledFuture<?> timeoutTick;

    ClientConnection(Pool pool, ClientSession session, CancelRegistry cancels, PoolConfig poolConfig,
            Welcome welcome, StatementRegistry statementRegistry, boolean logConnections) {
        this.logConnections = logConnections;
        this.pool = pool;
        this.mode = pool.settings().mode();
        this.cancels = cancels;
        this.poolConfig = poolConfig;
        this.welcome = welcome;
        // Named statements outlive a transaction but not a server hop: tracked unless a client keeps its server.
        this.prepared = mode == PoolMode.SESSION || poolConfig.maxPreparedStatements() == 0 ? null
                : new PreparedStatements(new ClientStatements(poolConfig.maxClientPreparedStatements()),
                        statementRegistry, poolConfig.maxPreparedStatements(), pool.preparedCounters());
        Map<String, String> startup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        startup.putAll(session.settings());
        // Never changed from here on: kept shared with the pool's other clients that sent the same.
        this.startupSettings = pool.sharedStartupSettings().share(startup);
        this.settings = ClientSettings.sharing(startupSettings);
        this.user = session.user();
        this.applicationName = startupSettings.getOrDefault("application_name", "");
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isWaiting() {
        ClientState s = state;
        return s == ClientState.WAITING || s == ClientState.LOGIN;
    }

    @Override
    public boolean isAttached() {
        return state == ClientState.ATTACHED;
    }

    @Override
    public ConnectionInfo info() {
        Channel ch = ctx.channel();
        // On the Unix-domain socket the client's own address is unnamed: the socket stands for it (addr "unix" and the
        // port its name carries, as PgBouncer shows it).
        SocketAddress local = ch.localAddress();
        SocketAddress remote = Transport.onUnixSocket(ch) ? local : ch.remoteAddress();
        ServerConnection s = server;
        long nowNanos = System.nanoTime();
        long requestMillis = System.currentTimeMillis() - (nowNanos - lastActivityNanos) / 1_000_000;
        ClientState st = state;
        String shown = switch (st) {
            case LOGIN, WAITING -> "waiting";
            case CLOSED -> "closing";
            default -> "active";
        };
        return new ConnectionInfo('C', id, user, pool.key().database(), shown,
                Transport.addressText(remote), Transport.port(remote), Transport.addressText(local),
                Transport.port(local),
                connectMillis, requestMillis, isWaiting() ? nowNanos - waitSinceNanos : 0, closeWhenIdle != null,
                s == null ? 0 : s.id(), cancelKey == null ? 0 : cancelKey.processId(), TlsInfo.describe(ch),
                applicationName, prepared == null ? 0 : prepared.client().size());
    }

    @Override
    public Future<Void> disconnect(ErrorResponse why) {
        if (eventLoop().inEventLoop()) {
            fail(why);
        } else {
            eventLoop().execute(() -> fail(why));
        }
        return ctx.channel().closeFuture();
    }

    @Override
    public void disconnectWhenIdle(ErrorResponse why) {
        closeWhenIdle = why;
        eventLoop().execute(() -> {
            if (state == ClientState.IDLE || betweenTransactionsInSession()) {
                fail(why);
            }
        });
    }

    /** Session mode: holding its server, but no request in flight and no transaction open. */
    private boolean betweenTransactionsInSession() {
        return mode == PoolMode.SESSION && state == ClientState.ATTACHED && requests.idle()
                && transactionStatus == TransactionStatus.IDLE;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        cancelKey = cancels.register(this);
        lastActivityNanos = System.nanoTime();
        waitSinceNanos = lastActivityNanos;
        pool.join(this);
        if (logConnections) {
            LOG.log(Level.INFO, "{0}", event("client login"));
        }
        PgFrameDecoder frames = ctx.pipeline().get(PgFrameDecoder.class);
        if (frames != null) {
            frames.acceptedTags(SESSION_TAGS);
        }
        if (prepared != null && frames != null) {
            // A Bind must arrive whole to be renamed; CopyData and FunctionCall still stream.
            frames.streamedTags("dF");
        }
        if (frames != null) {
            frames.runs(this);
        }
        ReadGate.addTo(ctx.pipeline());
        startTimeoutTick();
        Map<String, String> cached = pool.welcomeParameters();
        if (mode != PoolMode.SESSION && cached != null) {
            // Transaction and statement modes need no server to log in: the pool knows what its servers report.
            welcome(cached);
            welcomed = true;
            state = ClientState.IDLE;
            return;
        }
        ctx.channel().config().setAutoRead(false);
        pool.acquire(this);
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    /** The client's TLS protocol and cipher ({@code TLSv1.3/TLS_AES_256_GCM_SHA384}), or "" in plain text. */
    public String tlsDescription() {
        return TlsInfo.describe(ctx.channel());
    }

    @Override
    public ServerConnection cancelTarget() {
        return server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!ctx.channel().isActive() || refused) {
            // Closing (after Terminate or an error): what the client pipelined behind it is dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            // Checked before anything acts on it: nothing of a malformed message reaches a server or the pool.
            FrontendFrames.checkMessage(msg);
        } catch (ProtocolException e) {
            ReferenceCountUtil.release(msg);
            refused = true;
            fail(ProxyErrors.protocolViolation(e.getMessage()));
            return;
        }
        if (!readInBatch) {
            // One clock read per read batch, not per message: a request is several messages read together.
            readInBatch = true;
            lastActivityNanos = System.nanoTime();
        }
        byte tag = tagOf(msg);
        if (tag == FrontendTag.TERMINATE) {
            // The client is leaving; the server stays for the next client.
            ReferenceCountUtil.release(msg);
            closeReason = "client sent Terminate";
            ctx.close();
            return;
        }
        if (skipUntilSync) {
            ReferenceCountUtil.release(msg);
            if (tag == FrontendTag.SYNC) {
                skipUntilSync = false;
                ctx.writeAndFlush(ReadyForQuery.write(ctx.alloc(), TransactionStatus.IDLE));
            }
            return;
        }
        switch (state) {
            case ATTACHED -> forward(msg);
            case IDLE -> {
                // The first message of a transaction: a server is asked for once the whole read batch is in
                // (channelReadComplete), since a batch that only prepares known statements needs none.
                // Reading goes on for the rest of this read batch (it lands in pending); it stops at its end only
                // if no server was granted at once, which saves two epoll_ctl calls per transaction otherwise.
                hold(msg);
                state = ClientState.WAITING;
                acquireDue = true;
            }
            case LOGIN, WAITING -> hold(msg);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void hold(Object msg) {
        pending.addLast(msg);
        pendingBytes += msg instanceof ByteBuf frame ? frame.readableBytes()
                : msg instanceof FrameChunk chunk ? chunk.content().readableBytes() : 0;
        if (pendingBytes > PENDING_BYTES || pending.size() > PENDING_MESSAGES) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public boolean joins(ByteBuf in, int start, byte tag, int total) {
        if (refused || skipUntilSync || tag == FrontendTag.TERMINATE || state == ClientState.CLOSED
                || !ctx.channel().isActive()) {
            return false;
        }
        // By its tag and names first (cheap, and safe on any bytes), so a message that goes alone is checked once,
        // in channelRead; one that fails the check there is refused after the run before it went on.
        if (!ServerConnection.forwardsUnchanged(in, start, total, prepared != null)) {
            return false;
        }
        try {
            FrontendFrames.check(in, start, total);
        } catch (ProtocolException e) {
            return false;
        }
        if (!readInBatch) {
            readInBatch = true;
            lastActivityNanos = System.nanoTime();
        }
        switch (state) {
            case ATTACHED -> counted(tag);
            case IDLE -> {
                // As in channelRead: the first message of a transaction; the run is held, the pool asked later.
                state = ClientState.WAITING;
                acquireDue = true;
            }
            default -> {
                // LOGIN, WAITING: held with the run
            }
        }
        return true;
    }

    @Override
    public void run(ByteBuf messages) {
        if (state == ClientState.ATTACHED) {
            server.send(messages);
        } else {
            hold(messages);
        }
    }

    /** Forwards a message, a run of them or a chunk to the attached server, counting what it starts and ends. */
    private void forward(Object msg) {
        if (msg instanceof ByteBuf messages) {
            for (int at = messages.readerIndex(); at < messages.writerIndex(); at += Frames.sizeAt(messages, at)) {
                counted(messages.getByte(at));
            }
        } else {
            counted(tagOf(msg));
        }
        server.send(msg);
    }

    /** A message of {@code tag} (0: a continuation chunk) goes to the server. */
    private void counted(byte tag) {
        if (requests.idle()) {
            requestStartNanos = lastActivityNanos;
        }
        if (tag != 0) {
            requests.sent(tag);
        }
    }

    /** The tag of a whole frame or of the first chunk of one; 0 for a continuation chunk. */
    private static byte tagOf(Object msg) {
        if (msg instanceof ByteBuf frame) {
            return Frames.tag(frame);
        }
        return msg instanceof FrameChunk chunk && chunk.first() ? chunk.tag() : 0;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readInBatch = false;
        ServerConnection s = server;
        if (state == ClientState.ATTACHED && s != null) {
            s.flush();
        } else if (acquireDue) {
            acquireDue = false;
            if (prepared != null && LocalPrepare.answers(pending, prepared)) {
                // Named Parses of statements Sluice already knows, then Sync: answered without a server, so a
                // client preparing while every server is busy (pgbench -M prepared, PQprepare) does not wait.
                LocalPrepare.answer(pending, prepared, ctx.channel());
                // Nothing is held now: a batch that filled the queue (over PENDING_MESSAGES Parses) may read again.
                pendingBytes = 0;
                state = ClientState.IDLE;
                ctx.channel().config().setAutoRead(true);
                return;
            }
            waitSinceNanos = lastActivityNanos;
            pool.acquire(this);
        }
    }

    @Override
    public void onServer(ServerConnection granted) {
        if (state == ClientState.CLOSED) {
            // Left while the server was on its way: give it back, on its own loop as the pool expects.
            granted.eventLoop().execute(() -> pool.release(granted));
            return;
        }
        // Timed from when it asked: a pipelining client's reads while it waits move lastActivityNanos on.
        pool.stats().serverAssigned(System.nanoTime() - waitSinceNanos);
        server = granted;
        if (granted.eventLoop().inEventLoop()) {
            attach(granted);
        } else {
            granted.eventLoop().execute(() -> attach(granted));
        }
    }

    /** On the server's loop: take the server, give it the client's settings, then go on on the client's loop. */
    private void attach(ServerConnection granted) {
        if (!granted.attach(this, mode == PoolMode.STATEMENT, prepared)) {
            // It closed between the hand-over and now (PostgreSQL restarted, idle connection dropped): ask again.
            eventLoop().execute(() -> {
                server = null;
                if (state != ClientState.CLOSED) {
                    pool.acquire(this);
                }
            });
            return;
        }
        boolean report = reapply;
        reapply = false;
        if (granted.hasSettings(settings)) {
            // The usual case, once per transaction: nothing to send, so no callback object either.
            settingsApplied(granted, null);
        } else {
            granted.applySettings(settings, report, error -> settingsApplied(granted, error));
        }
    }

    /** {@code granted} has this client's settings ({@code error} null) or refused one of them. */
    private void settingsApplied(ServerConnection granted, ErrorResponse error) {
        if (error == null && !welcomed) {
            welcome(granted.parameters().all());
        }
        if (eventLoop().inEventLoop()) {
            attached(granted, error);
        } else {
            eventLoop().execute(() -> attached(granted, error));
        }
    }

    /** Writes the end of the login; the settings are complete then, so they join the pool's shared ones. */
    private void welcome(Map<String, String> reported) {
        welcome.write(channel(), reported, settings, cancelKey, mode);
        settings.share(pool.sharedClientSettings());
    }

    private void attached(ServerConnection granted, ErrorResponse error) {
        if (state == ClientState.CLOSED || server != granted) {
            return;
        }
        if (error != null && !welcomed) {
            // PostgreSQL refused a startup setting; a direct connection would have failed at login the same way.
            fail(ErrorResponse.of("FATAL", error.sqlState(), error.message()));
            return;
        }
        if (error != null) {
            // A setting the client had (startup or SET earlier) cannot be applied here: its request fails with it.
            server = null;
            granted.release();
            answerLocally(error);
            return;
        }
        welcomed = true;
        state = ClientState.ATTACHED;
        requests.clear();
        boolean forwarded = !pending.isEmpty();
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            forward(msg);
        }
        pendingBytes = 0;
        granted.flush();
        serverWritabilityChanged();
        if (forwarded) {
            releaseIfDone();
        } else {
            // Attached only to log in: the server goes back at once, and the pool may hand it straight to the next
            // client waiting on this loop, which, logging in too, would give it back inside this call, and so on.
            // A burst of logins to a pool with no server yet made that a chain as deep as the queue: a
            // StackOverflowError from about a thousand clients on one loop. From the task queue, each is one step.
            eventLoop().execute(this::releaseIfDone);
        }
    }

    @Override
    public void onReadyForQuery(TransactionStatus status, int stillInFlight) {
        if (eventLoop().inEventLoop()) {
            readyForQuery(status);
        } else {
            eventLoop().execute(() -> readyForQuery(status));
        }
    }

    private void readyForQuery(TransactionStatus status) {
        if (state != ClientState.ATTACHED) {
            return;
        }
        requests.answered();
        transactionStatus = status;
        lastActivityNanos = System.nanoTime();
        if (mode == PoolMode.SESSION && reapply && requests.idle() && status == TransactionStatus.IDLE) {
            // Session mode keeps its server: the startup settings go back on it now, between requests. On the
            // server's loop (where this usually runs) they are sent before this returns: a task queued for later
            // could run after the client's next request, which io_uring may read in the same turn of the loop
            // that wrote this ReadyForQuery. From another loop the task still precedes that request, which this
            // loop forwards only after this returns.
            reapply = false;
            ServerConnection s = server;
            Runnable apply = () -> s.applySettings(settings, true, error -> {
                if (error != null) {
                    LOG.log(Level.WARNING, "re-applying the startup settings of a client failed: {0}",
                            error.message());
                }
            });
            if (s.eventLoop().inEventLoop()) {
                apply.run();
            } else {
                s.eventLoop().execute(apply);
            }
        }
        releaseIfDone();
        if (closeWhenIdle != null && betweenTransactionsInSession()) {
            fail(closeWhenIdle);
        }
    }

    /**
     * Transaction and statement modes: the server goes back once the transaction ended and the client owes nothing.
     * Decided here, where the client's next messages are read, so none can reach a server already given back.
     */
    private void releaseIfDone() {
        if (mode == PoolMode.SESSION || state != ClientState.ATTACHED || !requests.idle()
                || transactionStatus != TransactionStatus.IDLE) {
            return;
        }
        ServerConnection s = server;
        server = null;
        state = ClientState.IDLE;
        s.release();
        ctx.channel().config().setAutoRead(true);
        ErrorResponse closing = closeWhenIdle;
        if (closing != null) {
            fail(closing);
        }
    }

    @Override
    public void onSettingsReset() {
        // On the server's loop while attached. The server now has its defaults; the client's are its startup ones.
        settings.resetTo(startupSettings);
        reapply = true;
    }

    @Override
    public void onParameterStatus(String name, String value) {
        // On the server's loop while attached: the client now believes this, so later servers must have it too;
        // except, after its RESET, the server's defaults for what the client set at startup (they go back on).
        if (Welcome.isSettable(name) && !(reapply && startupSettings.containsKey(name))) {
            settings.put(name, value);
        }
        if (name.equalsIgnoreCase("application_name")) {
            applicationName = value;
        }
    }

    @Override
    public void onAcquireFailed(ErrorResponse error) {
        if (state == ClientState.CLOSED) {
            return;
        }
        if (!welcomed) {
            fail(error);
        } else {
            answerLocally(ErrorResponse.of("ERROR", error.sqlState(), error.message()));
        }
    }

    /**
     * Answers the waiting requests as PostgreSQL would have answered a failed one: the error, then (after the
     * request's Sync, or at once for a simple query) ReadyForQuery. Nothing of them reached a server, so the client
     * can simply retry on the same connection.
     */
    private void answerLocally(ErrorResponse error) {
        Channel ch = ctx.channel();
        boolean errorSent = false;
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            if (msg instanceof ByteBuf messages) {
                for (int at = messages.readerIndex(); at < messages.writerIndex(); at += Frames.sizeAt(messages, at)) {
                    errorSent = answerLocally(messages.getByte(at), error, errorSent);
                }
            } else {
                errorSent = answerLocally(tagOf(msg), error, errorSent);
            }
            ReferenceCountUtil.release(msg);
        }
        pendingBytes = 0;
        skipUntilSync = errorSent;
        ch.flush();
        state = ClientState.IDLE;
        requests.clear();
        transactionStatus = TransactionStatus.IDLE;
        ch.config().setAutoRead(true);
    }

    /**
     * Answers one message of a request that never reached a server: the error once per request, and a
     * ReadyForQuery for each message that ends one.
     *
     * @return whether the error of the request now open was sent
     */
    private boolean answerLocally(byte tag, ErrorResponse error, boolean errorSent) {
        Channel ch = ctx.channel();
        switch (ExpectationQueue.effectOf(tag)) {
            case CLOSES -> {
                if (!errorSent) {
                    ch.write(error.write(ch.alloc()));
                }
                ch.write(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
                return false;
            }
            case OPENS -> {
                if (!errorSent) {
                    ch.write(error.write(ch.alloc()));
                }
                return true;
            }
            default -> {
                // copy data of a request already answered
                return errorSent;
            }
        }
    }

    @Override
    public void onServerLost(ErrorResponse error) {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(() -> onServerLost(error));
            return;
        }
        server = null;
        if (state != ClientState.CLOSED) {
            state = ClientState.CLOSED;
            fail(error);
        }
    }

    @Override
    public void serverWritabilityChanged() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::serverWritabilityChanged);
            return;
        }
        // Level-triggered: read the server's writability now, on this loop, so no stale value sticks.
        ServerConnection s = server;
        boolean read = switch (state) {
            case ATTACHED -> s != null && s.channel().isWritable();
            case IDLE -> true;
            case WAITING -> pendingBytes <= PENDING_BYTES && pending.size() <= PENDING_MESSAGES;
            default -> false;
        };
        ctx.channel().config().setAutoRead(read);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerConnection s = server;
        if (s != null && state == ClientState.ATTACHED) {
            // PostgreSQL's replies pile up while the client is slow: stop reading them until it catches up.
            s.clientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client closed its side: like PostgreSQL, end the session (after any answer already written).
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientState was = state;
        state = ClientState.CLOSED;
        pool.leave(this);
        if (logConnections) {
            LOG.log(Level.INFO, "{0}", event("client disconnect").with("reason",
                    closeReason != null ? closeReason : was == ClientState.ATTACHED ? "client closed the connection"
                            + " with a request in flight" : "client closed the connection"));
        }
        cancels.unregister(cancelKey);
        if (timeoutTick != null) {
            timeoutTick.cancel(false);
        }
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            ReferenceCountUtil.release(msg);
        }
        ServerConnection s = server;
        server = null;
        if (s != null) {
            String reset = mode == PoolMode.SESSION ? poolConfig.serverResetQuery() : "";
            s.clientGone(reset, poolConfig.serverResetTimeout());
        } else if (was == ClientState.LOGIN || was == ClientState.WAITING) {
            pool.cancelWait(this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException) {
            fail(ProxyErrors.protocolViolation(root.getMessage()));
        } else {
            LOG.log(Level.DEBUG, "client {0}: {1}", ctx.channel().remoteAddress(), root.toString());
            closeReason = "network error: " + root.getMessage();
            ctx.close();
        }
    }

    @Override
    public void onLongWait(Duration waited) {
        if (state == ClientState.WAITING) {
            Channel ch = ctx.channel();
            ch.writeAndFlush(ProxyErrors.waitingNotice(pool.key().toString(), pool.settings().size(), waited)
                    .writeNotice(ch.alloc()));
        }
    }

    /** One tick a second checks the client timeouts, only when one of them is set. */
    private void startTimeoutTick() {
        if (poolConfig.clientIdleTimeout().isZero() && poolConfig.idleTransactionTimeout().isZero()
                && poolConfig.queryTimeout().isZero()) {
            return;
        }
        timeoutTick = eventLoop().scheduleAtFixedRate(this::checkTimeouts, 1, 1, TimeUnit.SECONDS);
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        long clientIdle = poolConfig.clientIdleTimeout().toNanos();
        long idleInTransaction = poolConfig.idleTransactionTimeout().toNanos();
        long query = poolConfig.queryTimeout().toNanos();
        if (state == ClientState.IDLE && clientIdle > 0 && now - lastActivityNanos >= clientIdle) {
            pool.stats().timedOut(Timeout.CLIENT_IDLE);
            fail(ProxyErrors.clientIdleTimeout(poolConfig.clientIdleTimeout()));
        } else if (state == ClientState.ATTACHED && requests.inFlight() == 0
                && transactionStatus != TransactionStatus.IDLE && idleInTransaction > 0
                && now - lastActivityNanos >= idleInTransaction) {
            pool.stats().timedOut(Timeout.IDLE_TRANSACTION);
            fail(ProxyErrors.idleTransactionTimeout(poolConfig.idleTransactionTimeout()));
        } else if (state == ClientState.ATTACHED && requests.inFlight() > 0 && query > 0
                && now - requestStartNanos >= query) {
            pool.stats().timedOut(Timeout.QUERY);
            fail(ProxyErrors.queryTimeout(poolConfig.queryTimeout()));
        }
    }

    /** Tells the client why, then closes it; its server is dealt with in {@link #channelInactive}. */
    private LogEvent event(String what) {
        return LogEvent.of(what).with("id", id).with("db", pool.key().database()).with("user", user)
                .with("addr", ctx.channel().remoteAddress());
    }

    private void fail(ErrorResponse error) {
        if (closeReason == null) {
            closeReason = error.sqlState() + " " + error.message();
        }
        Channel ch = ctx.channel();
        if (ch.isActive()) {
            ch.writeAndFlush(error.write(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
