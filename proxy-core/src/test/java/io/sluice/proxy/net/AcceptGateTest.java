package io.sluice.proxy.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener's accept switch: start-up, SUSPEND/RESUME, and the pause after a failed accept. */
class AcceptGateTest {

    private static final IOException EMFILE = new IOException("accept(..) failed: Too many open files");

    private final AcceptGate gate = new AcceptGate();
    private final EmbeddedChannel listener = listener(gate);

    private static EmbeddedChannel listener(AcceptGate gate) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(gate);
        channel.freezeTime();
        return channel;
    }

    private void passMillis(long millis) {
        listener.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
    }

    @Test
    void readsOnlyOnceAcceptingIsTurnedOn() {
        assertFalse(listener.config().isAutoRead());
        gate.accepting(true);
        assertTrue(listener.config().isAutoRead());
        gate.accepting(false);
        assertFalse(listener.config().isAutoRead());
    }

    @Test
    void oneGateSwitchesBothListenersAndAnAcceptErrorOnEitherPausesBoth() {
        EmbeddedChannel socketListener = listener(gate);
        gate.accepting(true);
        assertTrue(listener.config().isAutoRead());
        assertTrue(socketListener.config().isAutoRead());
        gate.accepting(false);
        assertFalse(socketListener.config().isAutoRead(), "SUSPEND stops the socket's listener too");
        gate.accepting(true);
        socketListener.pipeline().fireExceptionCaught(EMFILE);
        socketListener.checkException();
        assertFalse(listener.config().isAutoRead());
        assertFalse(socketListener.config().isAutoRead());
        socketListener.advanceTimeBy(AcceptGate.PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        socketListener.runScheduledPendingTasks();
        assertTrue(listener.config().isAutoRead());
        assertTrue(socketListener.config().isAutoRead());
    }

    @Test
    void aFailedAcceptPausesForASecondAndIsNotPassedOn() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        listener.checkException();
        assertFalse(listener.config().isAutoRead());
        passMillis(AcceptGate.PAUSE_MILLIS - 1);
        assertFalse(listener.config().isAutoRead());
        passMillis(1);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void suspendDuringThePauseIsNotUndoneByItsEnd() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        gate.accepting(false);
        passMillis(AcceptGate.PAUSE_MILLIS * 3);
        assertFalse(listener.config().isAutoRead());
        gate.accepting(true);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void resumeDuringThePauseWaitsForItsEnd() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        gate.accepting(false);
        gate.accepting(true);
        assertFalse(listener.config().isAutoRead());
        passMillis(AcceptGate.PAUSE_MILLIS);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void errorsDuringThePauseNeitherExtendItNorEndTheNextOneEarly() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        listener.pipeline().fireExceptionCaught(EMFILE);
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        assertTrue(listener.config().isAutoRead());
        listener.checkException();
        // A second resume scheduled by the error inside the first pause would end this pause at half its length.
        passMillis(AcceptGate.PAUSE_MILLIS / 4);
        listener.pipeline().fireExceptionCaught(EMFILE);
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        assertFalse(listener.config().isAutoRead());
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        assertTrue(listener.config().isAutoRead());
    }

    /**
     * On a real listener: the gate must sit in front of Netty's acceptor, which would otherwise turn reading back on
     * a second after the error, through a SUSPEND.
     */
    @Test
    void aRealListenersAcceptorDoesNotUndoSuspend() throws Exception {
        AcceptGate realGate = new AcceptGate();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(realGate)
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            realGate.accepting(true);
            assertTrue(server.config().isAutoRead());
            server.eventLoop().submit(() -> server.pipeline().fireExceptionCaught(EMFILE)).sync();
            realGate.accepting(false);
            Thread.sleep(AcceptGate.PAUSE_MILLIS + 500);
            assertFalse(server.config().isAutoRead(), "reading turned back on during SUSPEND");
            realGate.accepting(true);
            assertTrue(server.config().isAutoRead());
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
