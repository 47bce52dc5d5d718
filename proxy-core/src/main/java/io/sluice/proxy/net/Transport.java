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
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The socket implementation: Linux epoll where its native library loads, Java NIO otherwise.
 *
 * @param name "epoll" or "nio", for the startup log
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                        Class<? extends Channel> socketChannel, Class<? extends DatagramChannel> datagramChannel) {

    /** The fastest transport this machine supports. */
    public static Transport best() {
        if (!"nio".equals(System.getProperty("sluice.transport")) && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class, EpollDatagramChannel.class);
        }
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

    /** One event loop per core: clients and their servers share loops, nothing on them blocks. */
    public EventLoopGroup newEventLoopGroup(int threads, String prefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), ioHandlerFactory);
    }
}
