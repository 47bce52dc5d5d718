package io.sluice.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.auth.ScramPasswordKeys;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.tls.ServerTlsNegotiator;
import io.sluice.proxy.tls.TlsContexts;
import io.netty.resolver.AddressResolverGroup;
import io.sluice.proxy.stats.ConnectFailure;
import io.sluice.proxy.stats.PoolStats;
import io.sluice.proxy.stats.Timeout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Opens logged-in PostgreSQL connections on a given event loop, so a client and the server it asked for share a
 * loop. The whole of connect, TLS ({@code server_tls}) and login is bounded by {@code pool.server_connect_timeout}.
 */
public final class ServerConnector {

    /** Server messages the proxy only forwards, streamed in chunks once large: DataRow and CopyData. */
    static final String STREAMED_SERVER_TAGS = "Dd";

    /** Messages larger than this are forwarded in chunks when they are of a streamed kind. */
    public static final int CHUNK_THRESHOLD = 64 * 1024;

    private final Transport transport;
    private final SecureRandom random;
    private final CancelForwarder canceller;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final TlsContexts tls;
    private final ScramPasswordKeys derivedKeys = new ScramPasswordKeys();
    /** Every server connection open now (a closed one leaves by itself), so that shutdown can close them first. */
    private final ChannelGroup open = new DefaultChannelGroup("servers", GlobalEventExecutor.INSTANCE);

    public ServerConnector(Transport transport, AddressResolverGroup<InetSocketAddress> resolver,
            SecureRandom random, CancelForwarder canceller, TlsContexts tls) {
        this.tls = tls;
        this.transport = transport;
        this.resolver = resolver;
        this.random = random;
        this.canceller = canceller;
    }

    /**
     * Closes every server connection still open, on its own loop (shutdown, once the clients are gone): closing
     * them there, rather than leaving them to the loops' own shutdown, lets io_uring finish each close.
     */
    public ChannelGroupFuture closeAll() {
        return open.close();
    }

    /** Connects and logs in; the future fails with a {@link ServerLoginException} carrying the client's error. */
    public Future<ServerConnection> connect(EventLoop loop, ServerTarget target, ServerConnection.Owner owner) {
        return connect(loop, target, STREAMED_SERVER_TAGS, ServerLogin.toPool(target, owner, canceller),
                owner.stats());
    }

    /**
     * Connects and logs in for Sluice's own use (the {@code auth.query} lookup): the logged-in channel is the
     * caller's, with only a frame decoder that hands on whole messages. The future fails with a
     * {@link ServerLoginException}; everything else is as for {@link #connect(EventLoop, ServerTarget,
     * ServerConnection.Owner)}.
     */
    public Future<Channel> login(EventLoop loop, ServerTarget target) {
        return connect(loop, target, "", (ctx, parameters, backendKey) -> {
            ctx.pipeline().remove(ctx.handler());
            return ctx.channel();
        }, null);
    }

    /** @param stats {@code @Nullable}: the pool whose connects and failures are counted */
    private <T> Future<T> connect(EventLoop loop, ServerTarget target, String streamedTags,
            ServerLogin.Handoff<T> handoff, PoolStats stats) {
        Promise<T> result = loop.newPromise();
        TlsContexts.ServerSide serverTls = tls.server();
        SocketAddress remote = transport.streamAddress(target.unixSocketPath(), target.host(), target.port());
        boolean tcp = remote instanceof InetSocketAddress;
        Bootstrap bootstrap = transport.forServers(new Bootstrap())
                .group(loop)
                .channel(transport.streamChannel(remote))
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, target.connectTimeout().toMillis())))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        open.add(ch);
                        // As libpq, no TLS over a Unix-domain socket: PostgreSQL would refuse it there.
                        if (serverTls.context() != null && tcp) {
                            ch.pipeline().addLast("tls-request",
                                    new ServerTlsNegotiator(serverTls, target.host(), target.port()));
                        }
                        ch.pipeline().addLast("frames",
                                new PgFrameDecoder(target.maxPacketSize(), streamedTags, CHUNK_THRESHOLD));
                        ch.pipeline().addLast("login", new ServerLogin<>(target, result, handoff, random,
                                serverTls.mode(), derivedKeys));
                    }
                });
        if (tcp) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true);
        }
        ChannelFuture connect = bootstrap.connect(remote);
        // Why the attempt failed, when it failed before PostgreSQL could answer; set on this loop only.
        ConnectFailure[] early = new ConnectFailure[1];
        connect.addListener(f -> {
            if (!f.isSuccess() && !result.isDone()) {
                early[0] = ConnectFailure.ofConnect(f.cause());
                result.tryFailure(new ServerLoginException(ProxyErrors.serverUnreachable(target, f.cause()),
                        early[0] == ConnectFailure.NO_DESCRIPTORS));
            }
        });
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (!result.isDone()) {
                early[0] = ConnectFailure.TIMEOUT;
                result.tryFailure(new ServerLoginException(ProxyErrors.serverConnectTimeout(target)));
                connect.channel().close();
            }
        }, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        result.addListener(f -> {
            timeout.cancel(false);
            if (stats != null) {
                count(stats, f.isSuccess(), early[0], f.cause());
            }
        });
        return result;
    }

    private static void count(PoolStats stats, boolean success, ConnectFailure early, Throwable cause) {
        if (success) {
            stats.serverConnected();
            return;
        }
        ConnectFailure why = early != null ? early : ConnectFailure.ofLogin(
                cause instanceof ServerLoginException e ? e.error().sqlState() : null);
        stats.connectFailed(why);
        if (why == ConnectFailure.TIMEOUT) {
            stats.timedOut(Timeout.SERVER_CONNECT);
        }
    }
}
