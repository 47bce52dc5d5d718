package io.sluice.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.sluice.config.IoTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code process.transport}: what {@code auto} takes, a named transport this machine cannot use, which loops stop
 * when a Sluice closes, and what every transport's accepted sockets get without asking.
 */
class TransportTest {

    @Test
    void autoTakesTheFirstOfIoUringEpollAndNioThisMachineCanUse() throws IOException {
        String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        assertEquals(expected, Transport.of(IoTransport.AUTO).name());
        assertEquals("nio", Transport.of(IoTransport.NIO).name());
    }

    @Test
    void aNamedTransportIsThatOneOrAStartUpErrorWithTheReason() throws IOException {
        for (IoTransport named : new IoTransport[] {IoTransport.IO_URING, IoTransport.EPOLL}) {
            boolean usable = named == IoTransport.IO_URING ? IoUring.isAvailable() : Epoll.isAvailable();
            if (usable) {
                assertEquals(named.configName(), Transport.of(named).name());
            } else {
                IOException e = assertThrows(IOException.class, () -> Transport.of(named));
                assertTrue(e.getMessage().startsWith("process.transport is " + named.configName()
                        + ", which this machine cannot use: "), e.getMessage());
            }
        }
    }

    @Test
    void ioUringLoopsAreSharedAndNeverStopped() throws IOException {
        assumeTrue(IoUring.isAvailable(), "io_uring is not usable here");
        Transport uring = Transport.of(IoTransport.IO_URING);
        assertTrue(uring.keepsEventLoops());
        EventLoopGroup first = uring.eventLoops(3);
        assertSame(first, uring.eventLoops(3), "one group per size for every Sluice of the process");
        assertNotSame(first, uring.eventLoops(2));
        assertTrue(uring.stopEventLoops(first, 1));
        assertFalse(first.isShuttingDown(), "the next Sluice of this size runs on them");
        assertEquals(42, first.next().submit(() -> 42).syncUninterruptibly().getNow());
    }

    @Test
    void ioUringRingsAreLargerThanNettysUnlessItsOwnPropertiesAreSet() {
        assumeTrue(IoUring.isAvailable(), "io_uring is not usable here");
        IoUringIoHandlerConfig nettys = new IoUringIoHandlerConfig();
        IoUringIoHandlerConfig ours = Transport.ringConfig(new Properties());
        assertEquals(Transport.RING_SIZE, ours.getRingSize());
        assertEquals(nettys.getCqSize() > 0 ? Transport.COMPLETIONS : nettys.getCqSize(), ours.getCqSize(),
                "sized on its own where the kernel allows it");
        assertTrue(Transport.RING_SIZE > nettys.getRingSize());
        Properties operator = new Properties();
        operator.setProperty("io.netty.iouring.cqSize", "8192");
        IoUringIoHandlerConfig theirs = Transport.ringConfig(operator);
        assertEquals(nettys.getRingSize(), theirs.getRingSize(), "Netty's properties decide when one is set");
        assertEquals(nettys.getCqSize(), theirs.getCqSize());
    }

    @Test
    void serversAndClientsReceiveIntoTheLoopsBufferRingsOnlyUnderIoUring() throws IOException {
        for (IoTransport named : usable()) {
            Transport transport = Transport.of(named);
            Object servers = transport.forServers(new Bootstrap()).config().options()
                    .get(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID);
            Object clients = transport.forClients(new ServerBootstrap()).config().childOptions()
                    .get(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID);
            if (transport.batches() && IoUring.isRegisterBufferRingSupported()) {
                assertEquals(Transport.SERVER_BUFFER_GROUP, servers);
                assertEquals(Transport.CLIENT_BUFFER_GROUP, clients);
                Set<Short> groups = new HashSet<>();
                for (IoUringBufferRingConfig ring : Transport.ringConfig(new Properties()).getBufferRingConfigs()) {
                    groups.add(ring.bufferGroupId());
                }
                assertEquals(Set.of(Transport.SERVER_BUFFER_GROUP, Transport.CLIENT_BUFFER_GROUP), groups,
                        "the groups the options name exist on every loop");
            } else {
                assertEquals(null, servers, named.configName());
                assertEquals(null, clients, named.configName());
            }
        }
    }

    @Test
    void connectionsTakeBuffersFromThePooledAllocatorUnlessNettysPropertyChoosesOne() throws IOException {
        assertSame(PooledByteBufAllocator.DEFAULT, Transport.allocator(new Properties()));
        Properties operator = new Properties();
        operator.setProperty("io.netty.allocator.type", "adaptive");
        assertSame(ByteBufAllocator.DEFAULT, Transport.allocator(operator));
        for (IoTransport named : usable()) {
            Transport transport = Transport.of(named);
            assertSame(Transport.ALLOCATOR, transport.forServers(new Bootstrap()).config().options()
                    .get(ChannelOption.ALLOCATOR), named.configName());
            assertSame(Transport.ALLOCATOR, transport.forClients(new ServerBootstrap()).config().childOptions()
                    .get(ChannelOption.ALLOCATOR), named.configName());
        }
    }

    @Test
    void otherLoopsAreEachSluicesOwnAndStopWithIt() throws IOException {
        Transport nio = Transport.of(IoTransport.NIO);
        assertFalse(nio.keepsEventLoops());
        EventLoopGroup group = nio.eventLoops(1);
        EventLoopGroup other = nio.eventLoops(1);
        assertNotSame(group, other);
        assertTrue(nio.stopEventLoops(group, 5));
        assertTrue(nio.stopEventLoops(other, 5));
        assertTrue(group.isTerminated());
    }

    @Test
    void acceptedSocketsHaveNagleOffWithoutAskingOnEveryTransport() throws Exception {
        // Sluice's listener leaves TCP_NODELAY to Netty's default; a reply held back 40 ms by Nagle would show only
        // as slow queries.
        for (IoTransport named : usable()) {
            Transport transport = Transport.of(named);
            EventLoopGroup loops = transport.eventLoops(1);
            CompletableFuture<Boolean> noDelay = new CompletableFuture<>();
            Channel listener = new ServerBootstrap()
                    .group(loops)
                    .channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            // Read back from the socket (getsockopt), not from Netty's memory of what it set.
                            noDelay.complete(ctx.channel().config().getOption(ChannelOption.TCP_NODELAY));
                            ctx.close();
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) listener.localAddress()).getPort())) {
                assertTrue(noDelay.get(10, TimeUnit.SECONDS), named.configName());
            } finally {
                listener.close().syncUninterruptibly();
                assertTrue(transport.stopEventLoops(loops, 5));
            }
        }
    }

    private static List<IoTransport> usable() {
        List<IoTransport> usable = new ArrayList<>(List.of(IoTransport.NIO));
        if (Epoll.isAvailable()) {
            usable.add(IoTransport.EPOLL);
        }
        if (IoUring.isAvailable()) {
            usable.add(IoTransport.IO_URING);
        }
        return usable;
    }
}
