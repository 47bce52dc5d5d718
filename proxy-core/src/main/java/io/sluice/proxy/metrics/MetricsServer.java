package io.sluice.proxy.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.sluice.config.MetricsConfig;
import io.sluice.proxy.net.ListenerBindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The HTTP listener of {@code metrics.host:metrics.port}, on Sluice's own event loops. */
public final class MetricsServer implements AutoCloseable {

    /** Requests are a line and a few headers; anything larger is not a scraper. */
    private static final int MAX_REQUEST = 16 * 1024;

    private final Channel listener;

    private MetricsServer(Channel listener) {
        this.listener = listener;
    }

    /**
     * Binds the listener.
     *
     * @throws ListenerBindException when {@code metrics.host:metrics.port} cannot be bound
     */
    public static MetricsServer start(MetricsConfig config, EventLoopGroup group,
            Class<? extends ServerChannel> channelType, SluiceMetrics metrics, BooleanSupplier ready)
            throws ListenerBindException {
        HttpEndpoints endpoints = new HttpEndpoints(metrics, ready);
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(300, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST))
                                .addLast(endpoints);
                    }
                })
                .bind(config.host(), config.port())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new ListenerBindException("metrics", config.host(), config.port(), bind.cause());
        }
        return new MetricsServer(bind.channel());
    }

    /** The port the listener is bound to (useful with {@code metrics.port: 0}). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
