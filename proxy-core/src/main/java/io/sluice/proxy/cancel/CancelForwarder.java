package io.sluice.proxy.cancel;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.server.ServerTarget;
import io.netty.resolver.AddressResolverGroup;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/** Sends a {@code CancelRequest} to PostgreSQL on a short connection of its own, as the protocol requires. */
public final class CancelForwarder {

    private static final System.Logger LOG = System.getLogger(CancelForwarder.class.getName());
    /** Longest a cancel connection is kept open waiting for PostgreSQL to close it. */
    static final long CANCEL_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup group;
    private final Transport transport;
    private final AddressResolverGroup<InetSocketAddress> resolver;

    public CancelForwarder(EventLoopGroup group, Transport transport,
            AddressResolverGroup<InetSocketAddress> resolver) {
        this.group = group;
        this.transport = transport;
        this.resolver = resolver;
    }

    /** Asks PostgreSQL to cancel what the session with {@code key} is running, if anything. */
    public void forward(ServerTarget target, BackendKeyData key) {
        forward(target, key, () -> { });
    }

    /**
     * Asks PostgreSQL to cancel what the session with {@code key} is running, then runs {@code done} once PostgreSQL
     * has dealt with the request (it closes the cancel connection after signalling the session), or the attempt
     * failed, or {@link #CANCEL_TIMEOUT_SECONDS} passed. Until then the cancel may still land, on whatever that
     * session runs next.
     */
    public void forward(ServerTarget target, BackendKeyData key, Runnable done) {
        SocketAddress remote = transport.streamAddress(target.unixSocketPath(), target.host(), target.port());
        new Bootstrap().group(group).channel(transport.streamChannel(remote)).resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, target.connectTimeout().toMillis()))
                .handler(new ChannelInboundHandlerAdapter())
                .connect(remote)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        LOG.log(Level.WARNING, "could not send a cancel request to {0}: {1}", target.address(),
                                f.cause().getMessage());
                        done.run();
                        return;
                    }
                    Channel ch = f.channel();
                    ch.closeFuture().addListener(closed -> done.run());
                    ch.eventLoop().schedule(() -> ch.close(), CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    CancelRequest request = new CancelRequest(key.processId(), key.secretKey());
                    ch.writeAndFlush(request.write(ch.alloc())).addListener(w -> {
                        if (!w.isSuccess()) {
                            ch.close();
                        }
                    });
                });
    }
}
