package io.sluice.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.tls.ServerTlsNegotiator;
import io.sluice.proxy.tls.TlsContexts;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
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

    public ServerConnector(Transport transport, AddressResolverGroup<InetSocketAddress> resolver,
            SecureRandom random, CancelForwarder canceller, TlsContexts tls) {
        this.tls = tls;
        this.transport = transport;
        this.resolver = resolver;
        this.random = random;
        this.canceller = canceller;
    }

    /** Connects and logs in; the future fails with a {@link ServerLoginException} carrying the client's error. */
    public Future<ServerConnection> connect(EventLoop loop, ServerTarget target, ServerConnection.Owner owner) {
        Promise<ServerConnection> result = loop.newPromise();
        TlsContexts.ServerSide serverTls = tls.server();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, target.connectTimeout().toMillis())))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (serverTls.context() != null) {
                            ch.pipeline().addLast("tls-request",
                                    new ServerTlsNegotiator(serverTls, target.host(), target.port()));
                        }
                        ch.pipeline().addLast("frames",
                                new PgFrameDecoder(target.maxPacketSize(), STREAMED_SERVER_TAGS, CHUNK_THRESHOLD));
                        ch.pipeline().addLast("login", new ServerLogin(target, result, owner, random, canceller,
                                serverTls.mode()));
                    }
                });
        ChannelFuture connect = bootstrap.connect(target.host(), target.port());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.tryFailure(new ServerLoginException(ProxyErrors.serverUnreachable(target, f.cause())));
            }
        });
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (result.tryFailure(new ServerLoginException(ProxyErrors.serverConnectTimeout(target)))) {
                connect.channel().close();
            }
        }, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        result.addListener(f -> timeout.cancel(false));
        return result;
    }
}
