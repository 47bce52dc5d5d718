package io.sluice.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.ClientTlsConfig;
import io.sluice.config.ClientTlsMode;
import io.sluice.config.ServerTlsConfig;
import io.sluice.config.TlsProvider;
import io.sluice.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telling direct TLS from a startup packet by the first byte, on an {@link EmbeddedChannel}. */
class DirectTlsDetectorTest {

    @TempDir
    Path dir;

    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        channel.close();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ReferenceCountUtil.release(msg);
        }
        assertFalse(channel.finish());
    }

    @Test
    void startupPacketPassesThroughUnchangedInPieces() {
        channel = new EmbeddedChannel(new DirectTlsDetector(TlsContexts.disabled()));
        // Split after the first byte: the detector decides on it and hands on everything it read.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0}));
        assertNull(channel.pipeline().get(DirectTlsDetector.class));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f}));
        ByteBuf first = channel.readInbound();
        ByteBuf rest = channel.readInbound();
        assertEquals(1, first.readableBytes());
        assertEquals(7, rest.readableBytes());
        first.release();
        rest.release();
    }

    @Test
    void directTlsIsClosedWhenTlsIsOff() {
        channel = new EmbeddedChannel(new DirectTlsDetector(TlsContexts.disabled()));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 3, 1, 0, 5}));
        assertFalse(channel.isActive());
        assertNull(channel.readInbound(), "nothing reaches the startup decoder");
    }

    @Test
    void directTlsGetsAnSslHandlerAndTheAlpnCheck() throws SSLException {
        TestPki.Issued cert = TestPki.authority(dir, "CA").issue("sluice", "localhost", "localhost");
        TlsContexts tls = TlsContexts.create(new ClientTlsConfig(ClientTlsMode.REQUIRE,
                Optional.of(cert.cert().toString()), Optional.of(cert.key().toString()), Optional.empty(),
                Optional.empty(), List.of("TLSv1.2", "TLSv1.3"), List.of(), TlsProvider.JDK),
                ServerTlsConfig.DISABLED);
        channel = new EmbeddedChannel(new DirectTlsDetector(tls));
        // The first bytes of a ClientHello record; the SslHandler waits for the rest.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 3, 1, 0, (byte) 0xc8}));
        assertNull(channel.pipeline().get(DirectTlsDetector.class));
        assertNotNull(channel.pipeline().get(SslHandler.class));
        assertNotNull(channel.pipeline().get(DirectTlsAlpnCheck.class));
        assertNull(channel.readInbound());
    }
}
