package io.sluice.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.config.IoTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
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
                        Class<? extends Channel> socketChannel, Class<? extends DatagramChannel> datagramChannel) {

    /** io_uring's loop groups by size, shared by this process's Sluices and never stopped. */
    private static final Map<Integer, EventLoopGroup> KEPT_LOOPS = new ConcurrentHashMap<>();
    static final int RING_SIZE = 4096;
    static final int COMPLETIONS = 16384;

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
                IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringDatagramChannel.class);
    }

    /**
     * Each io_uring loop's rings: {@value #RING_SIZE} submissions and {@value #COMPLETIONS} completions, where Netty's
     * defaults are 128 and 4 096. Netty hands the kernel back the completions it has read only once it has handled
     * the whole batch, and submits in the middle of one whenever its submission ring fills; so in a burst of logins
     * the kernel found the completion ring full and kept the overflow aside (nothing is lost, but Netty warns, and
     * that path is slower). A fresh Sluice with one loop hit it in every storm of 2 000 logins at once with the
     * defaults, and in storms of 5 000 with 4 096 completions; with these sizes, in neither. They take 512 KiB per
     * loop. Netty's own properties ({@code io.netty.iouring.ringSize}, {@code io.netty.iouring.cqSize}), when either
     * is set, decide instead.
     */
    static IoUringIoHandlerConfig ringConfig(Properties system) {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig();
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

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class, EpollDatagramChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
                NioDatagramChannel.class);
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
