package io.sluice.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.client.ClientServices;
import io.sluice.proxy.client.UserSecrets;
import io.sluice.proxy.net.ClientChannelInitializer;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.tls.TlsContexts;
import io.netty.resolver.AddressResolverGroup;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: builds every component from a {@link SluiceConfig}, binds the listener, and shuts down.
 * Nothing in Sluice is a global; everything a component needs is handed to it here.
 */
public final class Sluice implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Sluice.class.getName());

    /** Sluice's version, as the jar's manifest says, or "dev" when run from classes. */
    public static final String VERSION = versionFromManifest();

    private final EventLoopGroup group;
    private final Channel listener;
    private final PoolRegistry pools;
    private final ChannelGroup clients;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final TlsContexts tls;

    private Sluice(EventLoopGroup group, Channel listener, PoolRegistry pools, ChannelGroup clients,
            AddressResolverGroup<InetSocketAddress> resolver, TlsContexts tls) {
        this.tls = tls;
        this.group = group;
        this.listener = listener;
        this.pools = pools;
        this.clients = clients;
        this.resolver = resolver;
    }

    /**
     * Starts Sluice with {@code config}.
     *
     * @throws BindException when {@code listen.host:listen.port} cannot be bound
     */
    public static Sluice start(SluiceConfig config) throws IOException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newEventLoopGroup(Runtime.getRuntime().availableProcessors(), "sluice");
        try {
            SecureRandom random = new SecureRandom();
            AddressResolverGroup<InetSocketAddress> resolver = transport.newResolver();
            CancelForwarder canceller = new CancelForwarder(group, transport, resolver);
            TlsContexts tls = TlsContexts.create(config.clientTls(), config.serverTls());
            ServerConnector connector = new ServerConnector(transport, resolver, random, canceller, tls);
            PoolRegistry pools = new PoolRegistry(config, connector, group);
            CancelRegistry cancels = new CancelRegistry(random, canceller);
            ClientServices services = new ClientServices(config, pools, cancels,
                    new UserSecrets(config.users().values(), random), random, new AtomicInteger(), VERSION,
                    new StatementRegistry(), tls);
            ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);

            ChannelFuture bind = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ClientChannelInitializer(services, clients))
                    .bind(config.listen().host(), config.listen().port())
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                BindException e = new BindException("cannot listen on " + config.listen().host() + ":"
                        + config.listen().port() + " (listen.host, listen.port): " + bind.cause().getMessage());
                e.initCause(bind.cause());
                throw e;
            }
            group.next().scheduleAtFixedRate(pools::maintain, 1, 1, TimeUnit.SECONDS);
            Sluice sluice = new Sluice(group, bind.channel(), pools, clients, resolver, tls);
            LOG.log(Level.INFO, "Sluice listening on {0} ({1} transport, {2} event loops)",
                    bind.channel().localAddress(), transport.name(), Runtime.getRuntime().availableProcessors());
            return sluice;
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static String versionFromManifest() {
        String version = Sluice.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The TLS contexts; {@link TlsContexts#reload} re-reads certificates without dropping connections. */
    public TlsContexts tls() {
        return tls;
    }

    /** The port Sluice listens on (useful with {@code listen.port: 0}). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops accepting, tells connected clients Sluice is shutting down, closes every connection. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        pools.close();
        var error = ProxyErrors.shuttingDown();
        for (Channel client : clients) {
            client.writeAndFlush(error.write(client.alloc())).addListener(ChannelFutureListener.CLOSE);
        }
        clients.newCloseFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.close();
    }

    /** Blocks until the listener is closed. */
    public void awaitClosed() throws InterruptedException {
        listener.closeFuture().await();
    }
}
