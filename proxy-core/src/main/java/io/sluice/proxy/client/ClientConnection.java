package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.PoolConfig;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frame.Frames;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.cancel.CancelKey;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.cancel.Cancellable;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.server.ServerClient;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.session.ClientSession;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;

/**
 * A logged-in client in session mode: it asks its pool for a server, applies its startup settings there, sends
 * the welcome (parameters, key, {@code ReadyForQuery}) and from then on forwards every message as it arrives,
 * flushing once per read batch. When it leaves, the server is rolled back and reset before anyone else gets it,
 * or closed when that cannot be proven safe ({@link ServerConnection#clientGone}).
 *
 * <p>Owned by the client channel's event loop; the server may live on another loop, so callbacks from it hop here.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements Pool.Requester, ServerClient,
        Cancellable {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final Pool pool;
    private final ClientSession session;
    private final CancelRegistry cancels;
    private final PoolConfig poolConfig;
    /** Messages read before the server was ready; reading stops meanwhile, so this stays small. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private ClientState state = ClientState.LOGIN;
    private CancelKey cancelKey;
    private volatile ServerConnection server;

    ClientConnection(Pool pool, ClientSession session, CancelRegistry cancels, PoolConfig poolConfig) {
        this.pool = pool;
        this.session = session;
        this.cancels = cancels;
        this.poolConfig = poolConfig;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setAutoRead(false);
        cancelKey = cancels.register(this);
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

    @Override
    public ServerConnection cancelTarget() {
        return server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!ctx.channel().isActive()) {
            // Closing (after Terminate or an error): what the client pipelined behind it is dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf frame && Frames.tag(frame) == FrontendTag.TERMINATE) {
            // The client is leaving; the server stays open for the next client.
            frame.release();
            ctx.close();
            return;
        }
        ServerConnection s = server;
        if (state == ClientState.ATTACHED && s != null) {
            s.send(msg);
        } else if (state == ClientState.LOGIN) {
            pending.addLast(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ServerConnection s = server;
        if (state == ClientState.ATTACHED && s != null) {
            s.flush();
        }
    }

    @Override
    public void onServer(ServerConnection granted) {
        if (state == ClientState.CLOSED) {
            // Left while the server was on its way: give it back, on its own loop as the pool expects.
            granted.eventLoop().execute(() -> pool.release(granted));
            return;
        }
        server = granted;
        if (granted.eventLoop().inEventLoop()) {
            startSession(granted);
        } else {
            granted.eventLoop().execute(() -> startSession(granted));
        }
    }

    /** On the server's loop: attach, apply the client's settings, then welcome the client. */
    private void startSession(ServerConnection granted) {
        if (!granted.attach(this)) {
            // It closed between the hand-over and now (PostgreSQL restarted, idle connection dropped): ask again.
            eventLoop().execute(() -> {
                server = null;
                if (state != ClientState.CLOSED) {
                    pool.acquire(this);
                }
            });
            return;
        }
        String sets = session.setStatementsFor(granted.parameters());
        if (sets.isEmpty()) {
            settingsApplied(granted, null);
        } else {
            granted.inject(sets, error -> settingsApplied(granted, error));
        }
    }

    /** On the server's loop, where its parameters may be read. */
    private void settingsApplied(ServerConnection granted, ErrorResponse error) {
        if (error == null) {
            Channel ch = channel();
            ch.write(Authentication.writeOk(ch.alloc()));
            granted.parameters().all().forEach((name, value) ->
                    ch.write(new ParameterStatus(name, value).write(ch.alloc())));
            ch.write(new BackendKeyData(cancelKey.processId(), cancelKey.secretKey()).write(ch.alloc()));
            ch.writeAndFlush(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
        }
        if (eventLoop().inEventLoop()) {
            welcomed(error);
        } else {
            eventLoop().execute(() -> welcomed(error));
        }
    }

    private void welcomed(ErrorResponse error) {
        if (state == ClientState.CLOSED || server == null) {
            return;
        }
        if (error != null) {
            // PostgreSQL refused a startup setting; a direct connection would have failed at login the same way.
            fail(ErrorResponse.of("FATAL", error.sqlState(), error.message()));
            return;
        }
        state = ClientState.ATTACHED;
        ServerConnection s = server;
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            s.send(msg);
        }
        s.flush();
        serverWritabilityChanged();
    }

    @Override
    public void serverWritabilityChanged() {
        if (!eventLoop().inEventLoop()) {
            eventLoop().execute(this::serverWritabilityChanged);
            return;
        }
        // Level-triggered: read the server's writability now, on this loop, so no stale value sticks.
        ServerConnection s = server;
        ctx.channel().config().setAutoRead(state == ClientState.ATTACHED && s != null && s.channel().isWritable());
    }

    @Override
    public void onAcquireFailed(ErrorResponse error) {
        if (state != ClientState.CLOSED) {
            fail(error);
        }
    }

    @Override
    public void onReadyForQuery(TransactionStatus status, int stillInFlight) {
        // Session mode keeps the server until the client leaves.
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
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ServerConnection s = server;
        if (s != null && state == ClientState.ATTACHED) {
            // PostgreSQL's replies pile up while the client is slow: stop reading them until it catches up.
            s.clientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientState was = state;
        state = ClientState.CLOSED;
        cancels.unregister(cancelKey);
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            ReferenceCountUtil.release(msg);
        }
        ServerConnection s = server;
        server = null;
        if (s != null) {
            s.clientGone(poolConfig.serverResetQuery(), poolConfig.serverResetTimeout());
        } else if (was == ClientState.LOGIN) {
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
            ctx.close();
        }
    }

    /** Tells the client why, then closes it; its server is dealt with in {@link #channelInactive}. */
    private void fail(ErrorResponse error) {
        Channel ch = ctx.channel();
        if (ch.isActive()) {
            ch.writeAndFlush(error.write(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }
}
