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

/**
 * The socket implementation ({@code process.transport}): Linux epoll where its native library loads, Java NIO
 * otherwise, and io_uring only when named (Netty's io_uring teardown has hung and corrupted native memory here; see
 * docs/operations.md, "Socket transport").
 *
 * @param name "io_uring", "epoll" or "nio", as the configuration and the startup log name it
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends Channel> socketChannel, Class<? extends DatagramChannel> datagramChannel) {

    /**
     * The transport {@code requested}: for {@link IoTransport#AUTO} epoll where this machine can use it, else NIO.
     *
     * @throws IOException when a named transport cannot be used here, with the reason
     */
    public static Transport of(IoTransport requested) throws IOException {
        return switch (requested) {
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
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
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class, IoUringDatagramChannel.class);
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

    /** The event loops ({@code process.event_loops}): clients and servers share them, nothing on them blocks. */
    public EventLoopGroup newEventLoopGroup(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), ioHandlerFactory);
    }
}
