package io.sluice.proxy.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.IoTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The socket implementation ({@code process.transport}): Linux io_uring or epoll where their native libraries load
 * and the kernel allows them, Java NIO otherwise. io_uring's event loops are never stopped (see {@link
 * #keepsEventLoops}).
 *
 * @param name "io_uring", "epoll" or "nio", as the configuration and the startup log name it
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends Channel> socketChannel, Class<? extends ServerChannel> serverDomainChannel,
                        Class<? extends Channel> domainSocketChannel,
                        Class<? extends DatagramChannel> datagramChannel) {

    /** io_uring's loop groups by size, shared by this process's Sluices and never stopped. */
    private static final Map<Integer, EventLoopGroup> KEPT_LOOPS = new ConcurrentHashMap<>();
    /** What connections to clients and to PostgreSQL, and the receive rings, take their buffers from. */
    public static final ByteBufAllocator ALLOCATOR = allocator(System.getProperties());
    static final int RING_SIZE = 4096;
    static final int COMPLETIONS = 16384;
    /** The receive buffer rings of each io_uring loop (see {@link #forServers}, {@link #forClients}). */
    static final short SERVER_BUFFER_GROUP = 0;
    static final short CLIENT_BUFFER_GROUP = 1;
    /** At most this many buffers in a ring; it starts with its batch and grows by as many when the kernel runs out. */
    static final short SERVER_BUFFER_RING = 128;
    static final int SERVER_BUFFER_BATCH = 16;
    static final int SERVER_BUFFER_SIZE = 16 * 1024;
    static final short CLIENT_BUFFER_RING = 1024;
    static final int CLIENT_BUFFER_BATCH = 64;
    static final int CLIENT_BUFFER_SIZE = 4 * 1024;

    /**
     * The transport {@code requested}: for {@link IoTransport#AUTO} the first of io_uring, epoll and NIO this
     * machine can use.
     *
     * @throws IOException when a named transport cannot be used here, with the reason
     */
    public static Transport of(IoTransport requested) throws IOException {
        return switch (requested) {
            case AUTO -> IoUring.isAvailable() ? ioUring() : Epoll.isAvailable() ? epoll() : nio();
            case IO_URING -> {
                require(requested, IoUring.isAvailable(), IoUring.unavailabilityCause());
                yield ioUring();
            }
            case EPOLL -> {
                require(requested, Epoll.isAvailable(), Epoll.unavailabilityCause());
                yield epoll();
            }
            case NIO -> nio();
        };
    }

    private static void require(IoTransport requested, boolean available, Throwable cause) throws IOException {
        if (!available) {
            throw new IOException("process.transport is " + requested.configName()
                    + ", which this machine cannot use: " + cause + " (set it to auto to use the best available)",
                    cause);
        }
    }

    private static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(ringConfig(System.getProperties())),
                IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringServerDomainSocketChannel.class,
                IoUringDomainSocketChannel.class, IoUringDatagramChannel.class);
    }

    /**
     * Each io_uring loop's rings: {@value #RING_SIZE} submissions and {@value #COMPLETIONS} completions, where Netty's
     * defaults are 128 and 4 096. Netty hands the kernel back the completions it has read only once it has handled
     * the whole batch, and submits in the middle of one whenever its submission ring fills; so in a burst of logins
     * the kernel found the completion ring full and kept the overflow aside (nothing is lost, but Netty warns, and
     * that path is slower). A fresh Sluice with one loop hit it in every storm of 2 000 logins at once with the
     * defaults, and in storms of 5 000 with 4 096 completions; with these sizes, in neither. They take 512 KiB per
     * loop. Netty's own properties ({@code io.netty.iouring.ringSize}, {@code io.netty.iouring.cqSize}), when either
     * is set, decide instead. And, where the kernel has them, rings of receive buffers for server and client
     * connections (see {@link #forServers}, {@link #forClients}).
     */
    static IoUringIoHandlerConfig ringConfig(Properties system) {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig();
        if (IoUring.isRegisterBufferRingSupported()) {
            config.setBufferRingConfig(
                    bufferRing(SERVER_BUFFER_GROUP, SERVER_BUFFER_RING, SERVER_BUFFER_BATCH, SERVER_BUFFER_SIZE),
                    bufferRing(CLIENT_BUFFER_GROUP, CLIENT_BUFFER_RING, CLIENT_BUFFER_BATCH, CLIENT_BUFFER_SIZE));
        }
        if (system.getProperty("io.netty.iouring.ringSize") != null
                || system.getProperty("io.netty.iouring.cqSize") != null) {
            return config;
        }
        config.setRingSize(RING_SIZE);
        if (config.getCqSize() > 0) {
            // Sized separately only where the kernel can (IORING_SETUP_CQSIZE); else it is twice the ring.
            config.setCqSize(COMPLETIONS);
        }
        return config;
    }

    private static IoUringBufferRingConfig bufferRing(short group, short most, int batch, int bufferSize) {
        return IoUringBufferRingConfig.builder()
                .bufferGroupId(group)
                .bufferRingSize(most)
                .batchSize(batch)
                .allocator(new IoUringFixedBufferRingAllocator(ALLOCATOR, bufferSize))
                .build();
    }

    /**
     * Netty's pooled allocator, unless the operator chose one with Netty's own {@code io.netty.allocator.type}.
     * Netty 4.2's default, the adaptive allocator, makes a new object for every slice of its buffers: the frame
     * decoder's slice of each message, the receive ring's slice of each read, and a view per buffer it hands out,
     * about 290 bytes per {@code pgbench -M prepared} transaction. The pooled allocator's buffers and slices come
     * back to a per-loop cache instead, so a forwarded transaction makes no object. Measured in docs/benchmarks.md
     * ("2026-11-24, late night").
     */
    static ByteBufAllocator allocator(Properties system) {
        return system.getProperty("io.netty.allocator.type") != null
                ? ByteBufAllocator.DEFAULT
                : PooledByteBufAllocator.DEFAULT;
    }

    /** Whether this transport's loops have the rings {@link #ringConfig} registers where the kernel allows them. */
    private boolean hasBufferRings() {
        return batches() && IoUring.isRegisterBufferRingSupported();
    }

    /**
     * Sets {@code bootstrap} up for connections to PostgreSQL: buffers from {@link #ALLOCATOR}. Under io_uring, where
     * the kernel provides buffer rings (5.19 and later), they receive into their loop's ring of
     * {@value #SERVER_BUFFER_SIZE}-byte buffers: the kernel picks a buffer when data arrives, so a reply costs one
     * completion, where otherwise Netty waits for the socket to be readable and then submits a receive (two
     * completions and one more entry into the kernel per reply). Replies can be large, hence larger buffers than
     * clients'. Measured in docs/benchmarks.md ("2026-11-24, later").
     */
    public Bootstrap forServers(Bootstrap bootstrap) {
        bootstrap.option(ChannelOption.ALLOCATOR, ALLOCATOR);
        if (hasBufferRings()) {
            bootstrap.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, SERVER_BUFFER_GROUP);
        }
        return bootstrap;
    }

    /**
     * Sets the listener's {@code bootstrap} up for accepted clients: buffers from {@link #ALLOCATOR}; under io_uring,
     * as {@link #forServers}, they receive into a ring, of {@value #CLIENT_BUFFER_SIZE}-byte buffers. Small ones
     * because a client that has sent part of a message keeps the buffer it arrived in until the rest comes (the frame
     * decoder holds it rather than copy), so a buffer is what each of thousands of slow clients can pin, as PgBouncer's
     * {@code pkt_buf} (4 KiB) is. An idle client holds no buffer.
     */
    public ServerBootstrap forClients(ServerBootstrap bootstrap) {
        bootstrap.childOption(ChannelOption.ALLOCATOR, ALLOCATOR);
        if (hasBufferRings()) {
            bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, CLIENT_BUFFER_GROUP);
        }
        return bootstrap;
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class, EpollServerDomainSocketChannel.class, EpollDomainSocketChannel.class,
                EpollDatagramChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
                NioServerDomainSocketChannel.class, NioDomainSocketChannel.class, NioDatagramChannel.class);
    }

    /**
     * Where a stream connection goes: the Unix-domain socket {@code unixPath} when it is given, else {@code host} and
     * {@code port}, left unresolved for the resolver to look up when connecting (without blocking the loop).
     */
    public SocketAddress streamAddress(String unixPath, String host, int port) {
        if (unixPath == null) {
            return InetSocketAddress.createUnresolved(host, port);
        }
        // Java NIO takes the JDK's own address type; the native transports Netty's.
        return isNative() ? new DomainSocketAddress(unixPath) : UnixDomainSocketAddress.of(unixPath);
    }

    /** Whether this is one of Netty's native transports (io_uring, epoll) rather than Java NIO. */
    public boolean isNative() {
        return !"nio".equals(name);
    }

    /**
     * Whether {@code channel} is a connection on a Unix-domain socket (its local address is the socket's path, or
     * unnamed; a client's remote one is unnamed).
     */
    public static boolean onUnixSocket(Channel channel) {
        return isUnix(channel.localAddress());
    }

    /** An address as the console shows it (PgBouncer's way): the IP, {@code unix} for a Unix-domain socket, or "". */
    public static String addressText(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getHostString() : isUnix(address) ? "unix" : "";
    }

    /**
     * An address's port: TCP's, or the one a PostgreSQL-style socket ({@code .s.PGSQL.<port>}) is named after; 0
     * for an unnamed socket or an address without one.
     */
    public static int port(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getPort();
        }
        String path = address instanceof DomainSocketAddress d ? d.path()
                : address instanceof UnixDomainSocketAddress u ? u.getPath().toString() : "";
        int name = path.lastIndexOf(DatabaseConfig.SOCKET_NAME_PREFIX);
        try {
            return name < 0 ? 0 : Integer.parseInt(path.substring(name + DatabaseConfig.SOCKET_NAME_PREFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isUnix(SocketAddress address) {
        return address instanceof DomainSocketAddress || address instanceof UnixDomainSocketAddress;
    }

    /** The channel that connects to {@code address}, from {@link #streamAddress}. */
    public Class<? extends Channel> streamChannel(SocketAddress address) {
        return address instanceof InetSocketAddress ? socketChannel : domainSocketChannel;
    }

    /**
     * Resolves host names without blocking an event loop (Netty's default resolver calls the JDK's blocking
     * lookup); honours /etc/hosts and the system's name servers.
     */
    public AddressResolverGroup<InetSocketAddress> newResolver() {
        return new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(datagramChannel)
                .nameServerProvider(DnsServerAddressStreamProviders.platformDefault()));
    }

    /**
     * The event loops ({@code process.event_loops}) of one Sluice: clients and servers share them, nothing on them
     * blocks. A new group, which {@link #stopEventLoops} stops; except under io_uring, where every Sluice of this
     * process shares one group of {@code threads} loops that is never stopped (see {@link #keepsEventLoops}).
     */
    public EventLoopGroup eventLoops(int threads) {
        if (keepsEventLoops()) {
            return KEPT_LOOPS.computeIfAbsent(threads, n -> newEventLoopGroup(n, "sluice-uring"));
        }
        return newEventLoopGroup(threads, "sluice");
    }

    /** Whether a loop submits all its sockets' reads and writes in one system call per turn (io_uring). */
    public boolean batches() {
        return "io_uring".equals(name);
    }

    /**
     * Whether this transport's loops live as long as the process. Netty's io_uring teardown (4.2.18) is what fails:
     * a loop that stops can wait in the kernel for good, or free its eventfd's read buffer while the kernel still
     * writes to it (a CI run hung, a test JVM crashed). A loop that never stops runs neither; the process's exit
     * frees its ring. The cost: a Sluice closed in a process that goes on (tests) leaves its loops idle behind it,
     * for the next Sluice of the same size to use.
     */
    public boolean keepsEventLoops() {
        return "io_uring".equals(name);
    }

    /**
     * Stops {@code group}, from {@link #eventLoops}: at most 2 s of graceful quiet, waited for at most {@code
     * seconds}. Kept loops are left running and count as stopped.
     *
     * @return false when the loops did not stop in time (loop threads are daemons, so a stuck one holds nothing)
     */
    public boolean stopEventLoops(EventLoopGroup group, long seconds) {
        if (keepsEventLoops()) {
            return true;
        }
        return group.shutdownGracefully(50, 2000, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(seconds, TimeUnit.SECONDS);
    }

    private EventLoopGroup newEventLoopGroup(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), ioHandlerFactory);
    }
}
