package io.sluice.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.config.AuthConfig;
import io.sluice.config.ConfigException;
import io.sluice.config.ConfigProblem;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.Setting;
import io.sluice.config.SettingValues;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import io.sluice.protocol.SqlState;
import io.sluice.proxy.admin.AdminCommand;
import io.sluice.proxy.admin.AdminConsole;
import io.sluice.proxy.admin.AdminControl;
import io.sluice.proxy.admin.AdminException;
import io.sluice.proxy.admin.StatsPeriod;
import io.sluice.proxy.auth.AuthQueryRunner;
import io.sluice.proxy.auth.AuthSecretCache;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.client.AddressConnections;
import io.sluice.proxy.client.ClientServices;
import io.sluice.proxy.client.FailedLogins;
import io.sluice.proxy.client.UserSecrets;
import io.sluice.proxy.metrics.Observability;
import io.sluice.proxy.metrics.SluiceMetrics;
import io.sluice.proxy.net.AcceptGate;
import io.sluice.proxy.net.ClientChannelInitializer;
import io.sluice.proxy.net.ListenerBindException;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.net.UnixSocketFile;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.stats.ProxyStats;
import io.sluice.proxy.tls.TlsContexts;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The composition root: builds every component from a {@link SluiceConfig}, binds the listener, reloads, drains
 * and shuts down. Nothing in Sluice is a global; everything a component needs is handed to it here.
 *
 * <p>Lifecycle: running → (SIGTERM, {@code SHUTDOWN WAIT_FOR_*}) draining → closed; or running → closed at once
 * (SIGINT, {@code SHUTDOWN}). While draining, the listener is closed, clients are closed as their transactions end
 * and {@link #isDraining()} is true (so {@code /readyz} fails).
 */
public final class Sluice implements AutoCloseable, AdminControl {

    private static final System.Logger LOG = System.getLogger(Sluice.class.getName());
    private static final long POLL_MILLIS = 50;
    /** How long {@link #close()} waits for each group of sockets (listener, clients, servers) to close. */
    private static final long SOCKETS_CLOSE_SECONDS = 2;
    /** How long {@link #close()} waits for the event loops to stop, their graceful 50 ms to 2 s included. */
    private static final long LOOPS_STOP_SECONDS = 5;

    /** Sluice's version, as the jar's manifest says, or "dev" when run from classes. */
    public static final String VERSION = versionFromManifest();

    private final EventLoopGroup group;
    private final Transport transport;
    private final Channel listener;
    /** The listener on {@code listen.unix_socket_dir}'s socket, and the socket's file; null without one. */
    private final Channel unixListener;
    private final UnixSocketFile unixSocket;
    private final AcceptGate acceptGate;
    private final ServerConnector connector;
    private final PoolRegistry pools;
    private final ChannelGroup clients;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final ConfigSource source;
    private final SecureRandom random;
    private final AtomicInteger connected;
    /** Reloads run here: reading the file and deriving SCRAM verifiers must not block an event loop. */
    private final EventExecutor reloader = new DefaultEventExecutor();
    private final Promise<Void> terminated = GlobalEventExecutor.INSTANCE.newPromise();
    private final Observability observability;
    private final StatsPeriod statsPeriod;
    private final TlsContexts tls;
    /** Maintenance on the event loops, which outlive this Sluice under io_uring: cancelled on close. */
    private final List<ScheduledFuture<?>> periodic;
    private volatile SluiceConfig config;
    private volatile UserSecrets secrets;
    private volatile boolean draining;

    private Sluice(Builder b) {
        this.group = b.group;
        this.transport = b.transport;
        this.listener = b.listener;
        this.unixListener = b.unixListener;
        this.unixSocket = b.unixSocket;
        this.acceptGate = b.acceptGate;
        this.connector = b.connector;
        this.pools = b.pools;
        this.clients = b.clients;
        this.resolver = b.resolver;
        this.source = b.source;
        this.random = b.random;
        this.connected = b.connected;
        this.config = b.config;
        this.secrets = b.secrets;
        this.observability = b.observability;
        this.statsPeriod = b.statsPeriod;
        this.tls = b.tls;
        this.periodic = List.copyOf(b.periodic);
    }

    /** What {@link #start} builds before the Sluice object exists (the console needs it as its control). */
    private static final class Builder {
        EventLoopGroup group;
        Transport transport;
        Channel listener;
        Channel unixListener;
        UnixSocketFile unixSocket;
        final AcceptGate acceptGate = new AcceptGate();
        ServerConnector connector;
        PoolRegistry pools;
        ChannelGroup clients;
        AddressResolverGroup<InetSocketAddress> resolver;
        ConfigSource source;
        SecureRandom random;
        AtomicInteger connected;
        SluiceConfig config;
        UserSecrets secrets;
        Observability observability;
        StatsPeriod statsPeriod;
        AuthSecretCache authSecrets;
        TlsContexts tls;
        final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    }

    /**
     * Starts Sluice with {@code config}; RELOAD then re-applies the same configuration.
     *
     * @throws ListenerBindException when {@code listen.host:listen.port} or {@code metrics.host:metrics.port} cannot
     *     be bound
     */
    public static Sluice start(SluiceConfig config) throws IOException {
        return start(config, () -> config);
    }

    /**
     * Starts Sluice with {@code config}, read from {@code source}, which RELOAD and SIGHUP read again.
     *
     * @throws ListenerBindException when {@code listen.host:listen.port} or {@code metrics.host:metrics.port} cannot
     *     be bound
     */
    public static Sluice start(SluiceConfig config, ConfigSource source) throws IOException {
        Transport transport = Transport.of(config.process().transport());
        int loops = config.process().effectiveEventLoops(transport.batches());
        EventLoopGroup group = transport.eventLoops(loops);
        Builder b = new Builder();
        try {
            b.group = group;
            b.transport = transport;
            b.source = source;
            b.config = config;
            b.random = new SecureRandom();
            b.connected = new AtomicInteger();
            b.resolver = transport.newResolver();
            b.secrets = new UserSecrets(config.users().values(), b.random);
            CancelForwarder canceller = new CancelForwarder(group, transport, b.resolver);
            b.tls = TlsContexts.create(config.clientTls(), config.serverTls());
            ServerConnector connector = new ServerConnector(transport, b.resolver, b.random, canceller, b.tls);
            b.connector = connector;
            AuthSecretCache authSecrets = authSecrets(config, connector);
            b.authSecrets = authSecrets;
            b.pools = new PoolRegistry(config, connector, group, user -> {
                if (authSecrets != null) {
                    authSecrets.evict(user);
                }
            });
            ProxyStats stats = new ProxyStats();
            CancelRegistry cancels = new CancelRegistry(b.random, stats);
            b.clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
            Sluice[] self = new Sluice[1];
            b.statsPeriod = new StatsPeriod(b.pools, config.admin().statsPeriod());
            AdminConsole console = new AdminConsole(b.pools, new DeferredControl(self), VERSION, b.statsPeriod);
            ClientServices services = new ClientServices(() -> self[0].config, b.pools, cancels,
                    () -> self[0].secrets, b.random, b.connected, VERSION, new StatementRegistry(), console, stats,
                    new AddressConnections(config.listen().maxClientConnPerAddress()),
                    new FailedLogins(config.auth().backoff()), authSecrets, b.tls);
            b.observability = new Observability(b.pools, services);

            ChannelFuture bind = clientListener(b, transport, services, transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    // No TCP_NODELAY here: Netty's socket channels turn Nagle off as they are made (TransportTest
                    // checks it), and asking again costs a system call per login, about 4 µs on the 2-core machine.
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .bind(config.listen().host(), config.listen().port())
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                throw new ListenerBindException("listen", config.listen().host(), config.listen().port(),
                        bind.cause());
            }
            b.listener = bind.channel();
            int port = ((InetSocketAddress) bind.channel().localAddress()).getPort();
            Optional<String> socketDir = config.listen().unixSocketDir();
            if (socketDir.isPresent()) {
                bindUnixSocket(b, transport, services, DatabaseConfig.unixSocketPath(socketDir.get(), port));
            }
            b.observability.start(config.metrics(), group, transport.serverChannel(), bind.channel());
            b.periodic.add(group.next().scheduleAtFixedRate(() -> {
                b.pools.maintain();
                b.statsPeriod.tick(System.nanoTime());
            }, 1, 1, TimeUnit.SECONDS));
            if (b.authSecrets != null) {
                b.periodic.add(group.next().scheduleAtFixedRate(b.authSecrets::purgeExpired, 10, 10, TimeUnit.SECONDS));
            }
            self[0] = new Sluice(b);
            b.acceptGate.accepting(true);
            LOG.log(Level.INFO, "Sluice listening on {0}{1} ({2} transport, {3} event loop{4})",
                    bind.channel().localAddress(), b.unixSocket == null ? "" : " and " + b.unixSocket.path(),
                    transport.name(), loops, loops == 1 ? "" : "s");
            return self[0];
        } catch (IOException | RuntimeException e) {
            // What the failed start opened is closed here: under io_uring the loops outlive it, so their stop would
            // not close it (the client listener stayed bound).
            b.periodic.forEach(task -> task.cancel(false));
            if (b.listener != null) {
                b.listener.close().awaitUninterruptibly(SOCKETS_CLOSE_SECONDS, TimeUnit.SECONDS);
            }
            if (b.unixListener != null) {
                b.unixListener.close().awaitUninterruptibly(SOCKETS_CLOSE_SECONDS, TimeUnit.SECONDS);
                if (b.unixSocket != null) {
                    b.unixSocket.remove();
                }
            }
            if (b.resolver != null) {
                b.resolver.close();
            }
            transport.stopEventLoops(group, 0);
            throw e;
        }
    }

    /** What the TCP and the Unix-domain socket's client listeners share. */
    private static ServerBootstrap clientListener(Builder b, Transport transport, ClientServices services,
            Class<? extends ServerChannel> channel) {
        ServerBootstrap bootstrap = transport.forClients(new ServerBootstrap())
                .group(b.group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                // Connections wait in the backlog until this Sluice is complete: the first clients' channels
                // read its configuration and secrets, which exist only once start() has built it.
                .option(ChannelOption.AUTO_READ, false)
                .handler(b.acceptGate)
                .childHandler(new ClientChannelInitializer(services, b.clients));
        if (transport.isNative() || channel == transport.serverChannel()) {
            // A client that half-closes inside a message can still read why it is refused (08P01). Java NIO's
            // Unix-domain channels have no such option: there a client's half-close closes the connection.
            bootstrap.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        return bootstrap;
    }

    /**
     * Listens on the Unix-domain socket at {@code path} as well, with the same clients' pipeline and accept gate as
     * the TCP listener (a stale socket file is removed first; one still in use stops the start).
     */
    private static void bindUnixSocket(Builder b, Transport transport, ClientServices services, String path)
            throws IOException {
        Path file = Path.of(path);
        UnixSocketFile.clear(file);
        ChannelFuture bind = clientListener(b, transport, services, transport.serverDomainChannel())
                .bind(transport.streamAddress(path, null, 0))
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IOException("cannot listen on " + path + " (listen.unix_socket_dir): "
                    + bind.cause().getMessage(), bind.cause());
        }
        b.unixListener = bind.channel();
        b.unixSocket = UnixSocketFile.bound(file);
    }

    /** The {@code auth.query} lookup, or {@code null} without {@code auth.user}. */
    private static AuthSecretCache authSecrets(SluiceConfig config, ServerConnector connector) {
        AuthConfig auth = config.auth();
        if (!auth.queryEnabled()) {
            return null;
        }
        UserConfig authUser = config.users().get(auth.user().orElseThrow());
        AuthQueryRunner runner = new AuthQueryRunner(connector, auth, authUser == null ? null : authUser.password(),
                config.pool().serverConnectTimeout(), config.listen().maxPacketSize());
        return new AuthSecretCache(runner, auth.queryCacheTtl(), auth.queryNegativeCacheTtl(), System::nanoTime);
    }

    private static String versionFromManifest() {
        String version = Sluice.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The TLS contexts; {@link TlsContexts#reload} re-reads certificates without dropping connections. */
    public TlsContexts tls() {
        return tls;
    }

    /** The socket implementation carrying every connection: "io_uring", "epoll" or "nio". */
    public String transport() {
        return transport.name();
    }

    /** The port Sluice listens on (useful with {@code listen.port: 0}). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The Unix-domain socket Sluice listens on as well ({@code listen.unix_socket_dir}), if any. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket).map(UnixSocketFile::path);
    }

    @Override
    public SluiceConfig config() {
        return config;
    }

    @Override
    public int connectedClients() {
        return connected.get();
    }

    /** Every pool, for metrics and tests. */
    public PoolRegistry pools() {
        return pools;
    }

    /** Whether a graceful shutdown has begun: the listener is closed and clients leave as transactions end. */
    public boolean isDraining() {
        return draining;
    }

    /** The port of the metrics listener (useful with {@code metrics.port: 0}); -1 when metrics are disabled. */
    public int metricsPort() {
        return observability.metricsPort();
    }

    /** What {@code /readyz} answers: accepting clients, not draining, and a database reachable. */
    public boolean isReady() {
        return observability.isReady();
    }

    /** Sluice's meters (the Prometheus registry behind {@code /metrics}); null when metrics are disabled. */
    public SluiceMetrics metrics() {
        return observability.metrics();
    }

    /**
     * Re-reads the configuration (SIGHUP, RELOAD) off the event loops and applies it without dropping clients.
     * A configuration with problems is refused whole: each problem is logged and the running one stays.
     *
     * @return the changes, one line each
     */
    private Future<List<String>> reloadAsync() {
        return reloader.submit(() -> {
            SluiceConfig fresh;
            try {
                fresh = source.load();
            } catch (ConfigException e) {
                for (ConfigProblem problem : e.problems()) {
                    LOG.log(Level.ERROR, "reload refused: {0}", problem);
                }
                throw new AdminException(SqlState.INVALID_PARAMETER_VALUE, "configuration not reloaded ("
                        + e.problems().size() + " problem(s), first: " + e.problems().get(0)
                        + "); the running configuration stays");
            } catch (IOException e) {
                LOG.log(Level.ERROR, "reload refused: cannot read the configuration: {0}", e.toString());
                throw new AdminException(SqlState.INVALID_PARAMETER_VALUE, "configuration not reloaded: cannot"
                        + " read it: " + e.getMessage());
            }
            reloadTls(fresh);
            return apply(fresh, "reload");
        });
    }

    /** SIGHUP: reloads; the outcome goes to the log only. */
    public void reloadFromSignal() {
        LOG.log(Level.INFO, "SIGHUP: reloading the configuration");
        reloadAsync().addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(Level.ERROR, "SIGHUP: {0}", f.cause().getMessage());
            }
        });
    }

    @Override
    public Future<List<String>> reload() {
        return reloadAsync();
    }

    @Override
    public Future<Void> set(Setting setting, String value) {
        // Off the event loops, in turn with reloads: a TLS setting re-reads certificate files.
        return reloader.submit(() -> {
            setNow(setting, value);
            return null;
        });
    }

    private void setNow(Setting setting, String value) {
        if (!setting.reloadable()) {
            throw new AdminException(SqlState.CANT_CHANGE_RUNTIME_PARAM, setting.key()
                    + " needs a restart; change it in the configuration file");
        }
        SluiceConfig changed;
        try {
            changed = SettingValues.with(config, setting, value);
        } catch (IllegalArgumentException e) {
            throw new AdminException(SqlState.INVALID_PARAMETER_VALUE, setting.key() + ": " + e.getMessage());
        }
        if (setting.section().endsWith("_tls")) {
            reloadTls(changed);
        }
        apply(changed, "SET");
    }

    /**
     * Re-reads the certificates and keys (they may have been renewed even when the file did not change); a file that
     * cannot be used refuses the whole reload and the running contexts stay.
     */
    private void reloadTls(SluiceConfig fresh) {
        try {
            tls.reload(fresh.clientTls(), fresh.serverTls());
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            LOG.log(Level.ERROR, "reload refused: {0}", e.getMessage());
            throw new AdminException(SqlState.INVALID_PARAMETER_VALUE, "configuration not reloaded: "
                    + e.getMessage() + "; the running configuration stays");
        }
    }

    private synchronized List<String> apply(SluiceConfig fresh, String why) {
        ConfigChanges changes = ConfigChanges.between(config, fresh);
        if (!changes.applied().users().equals(config.users())) {
            secrets = new UserSecrets(changes.applied().users().values(), random);
        }
        config = changes.applied();
        pools.reconfigure(config);
        statsPeriod.period(config.admin().statsPeriod());
        if (changes.changes().isEmpty()) {
            LOG.log(Level.INFO, "{0}: no changes", why);
        }
        changes.changes().forEach(change -> LOG.log(Level.INFO, "{0}: {1}", why, change));
        return changes.changes();
    }

    @Override
    public void accepting(boolean accept) {
        acceptGate.accepting(accept);
        LOG.log(Level.INFO, accept ? "accepting new connections again" : "no longer accepting new connections");
    }

    @Override
    public Future<?> shutdown(AdminCommand.ShutdownMode mode) {
        return switch (mode) {
            case NOW -> closeLater();
            case WAIT_FOR_SERVERS -> drain(config.process().shutdownTimeout());
            case WAIT_FOR_CLIENTS -> waitForClients();
        };
    }

    /** Closes from another thread: the console's answer is written before its connection goes. */
    private Future<?> closeLater() {
        Promise<Void> begun = GlobalEventExecutor.INSTANCE.newPromise();
        reloader.schedule(() -> {
            begun.trySuccess(null);
            closeOnOwnThread();
        }, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return begun;
    }

    /**
     * Graceful shutdown (SIGTERM, {@code SHUTDOWN WAIT_FOR_SERVERS}): stop accepting; every client is closed once
     * its transaction is over (57P01); when no server serves a client any more, or after {@code timeout} (0:
     * never), everything closes.
     *
     * @return completes when Sluice has closed
     */
    public Future<?> drain(Duration timeout) {
        if (!draining) {
            draining = true;
            observability.startDraining();
            LOG.log(Level.INFO, "draining: no new connections; closing clients as their transactions end (up to"
                    + " process.shutdown_timeout {0})", timeout);
            closeListeners();
            var why = ProxyErrors.shuttingDown();
            for (Pool pool : pools.all()) {
                pool.members().forEach(member -> member.disconnectWhenIdle(why));
            }
            long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            pollThenClose(() -> pools.all().stream().allMatch(p -> p.counts().serversActive() == 0), deadline);
        }
        return terminated;
    }

    private Future<?> waitForClients() {
        draining = true;
        observability.startDraining();
        LOG.log(Level.INFO, "shutting down once every client has left");
        closeListeners();
        pollThenClose(() -> pools.all().stream().allMatch(p -> p.members().isEmpty()), Long.MAX_VALUE);
        return GlobalEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    private void pollThenClose(java.util.function.BooleanSupplier done, long deadlineNanos) {
        if (terminated.isDone()) {
            return;
        }
        if (done.getAsBoolean() || System.nanoTime() >= deadlineNanos) {
            closeOnOwnThread();
            return;
        }
        reloader.schedule(() -> pollThenClose(done, deadlineNanos), POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the client listeners (the Unix-domain socket's file stays until {@link #close()}, which removes it off
     * the event loops).
     *
     * @return completes when both are closed
     */
    private Future<?> closeListeners() {
        Future<?> tcp = listener.close();
        if (unixListener == null) {
            return tcp;
        }
        Future<?> unix = unixListener.close();
        Promise<Void> both = GlobalEventExecutor.INSTANCE.newPromise();
        tcp.addListener(t -> unix.addListener(u -> both.trySuccess(null)));
        return both;
    }

    /** {@link #close()} waits for executors, so it runs on a thread none of them owns. */
    private void closeOnOwnThread() {
        Thread closer = new Thread(this::close, "sluice-close");
        closer.setDaemon(false);
        closer.start();
    }

    /** Stops accepting, tells connected clients Sluice is shutting down, closes every connection. */
    @Override
    public void close() {
        synchronized (terminated) {
            if (terminated.isDone()) {
                return;
            }
            draining = true;
            observability.startDraining();
            observability.close();
            closeListeners().awaitUninterruptibly(SOCKETS_CLOSE_SECONDS, TimeUnit.SECONDS);
            if (unixSocket != null) {
                unixSocket.remove();
            }
            pools.close();
            var error = ProxyErrors.shuttingDown();
            for (Channel client : clients) {
                client.writeAndFlush(error.write(client.alloc())).addListener(ChannelFutureListener.CLOSE);
            }
            clients.newCloseFuture().awaitUninterruptibly(SOCKETS_CLOSE_SECONDS, TimeUnit.SECONDS);
            // Sockets close on their loops, which must still run: under io_uring a close waits for the kernel to
            // cancel the socket's pending read (and hand back its buffer). So the servers and the resolver's socket
            // close first; then epoll and NIO loops stop after 50 ms without work, and io_uring's run on for the
            // next Sluice of this process (Transport#keepsEventLoops), with none of this one's periodic tasks.
            connector.closeAll().awaitUninterruptibly(SOCKETS_CLOSE_SECONDS, TimeUnit.SECONDS);
            resolver.close();
            periodic.forEach(task -> task.cancel(false));
            if (!transport.stopEventLoops(group, LOOPS_STOP_SECONDS)) {
                LOG.log(Level.WARNING, "the {0} event loops did not stop within {1} s; closing without them",
                        transport.name(), LOOPS_STOP_SECONDS);
            }
            reloader.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            terminated.trySuccess(null);
        }
        LOG.log(Level.INFO, "Sluice stopped");
    }

    /** Blocks until Sluice has closed (after {@link #close()} or a drain). */
    public void awaitClosed() throws InterruptedException {
        terminated.await();
    }

    /** The console's control, for the moment between building the console and the Sluice it controls. */
    private record DeferredControl(Sluice[] self) implements AdminControl {
        @Override
        public SluiceConfig config() {
            return self[0].config();
        }

        @Override
        public int connectedClients() {
            return self[0].connectedClients();
        }

        @Override
        public Future<List<String>> reload() {
            return self[0].reload();
        }

        @Override
        public Future<Void> set(Setting setting, String value) {
            return self[0].set(setting, value);
        }

        @Override
        public void accepting(boolean accept) {
            self[0].accepting(accept);
        }

        @Override
        public Future<?> shutdown(AdminCommand.ShutdownMode mode) {
            return self[0].shutdown(mode);
        }
    }
}
