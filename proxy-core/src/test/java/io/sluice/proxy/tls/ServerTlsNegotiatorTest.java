package io.sluice.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.ServerTlsConfig;
import io.sluice.config.ServerTlsMode;
import io.sluice.protocol.frontend.StartupMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SSLRequest exchange towards PostgreSQL, one answer at a time, on an {@link EmbeddedChannel}. */
class ServerTlsNegotiatorTest {

    private final List<Object> events = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (channel == null) {
            return;
        }
        channel.close();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ReferenceCountUtil.release(msg);
        }
        assertFalse(channel.finish());
    }

    @Test
    void sendsSslRequestFirst() throws SSLException {
        channel = channel(ServerTlsMode.REQUIRE);
        ByteBuf request = channel.readOutbound();
        assertEquals(8, request.readInt());
        assertEquals(StartupMessage.SSL_REQUEST_CODE, request.readInt());
        request.release();
        assertTrue(events.isEmpty(), "nothing is ready before the server answers");
    }

    @Test
    void acceptedTlsStartsTheHandshake() throws SSLException {
        channel = channel(ServerTlsMode.REQUIRE);
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'S'}));
        assertNotNull(channel.pipeline().get(SslHandler.class));
        assertNull(channel.pipeline().get(ServerTlsNegotiator.class));
        ByteBuf hello = channel.readOutbound();
        assertEquals(0x16, hello.getByte(0), "a TLS ClientHello follows");
        hello.release();
    }

    @Test
    void preferGoesOnInPlainTextWhenDeclined() throws SSLException {
        channel = channel(ServerTlsMode.PREFER);
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'N'}));
        assertEquals(List.of(ServerTlsNegotiator.READY), events);
        assertNull(channel.pipeline().get(ServerTlsNegotiator.class));
        assertTrue(channel.isActive());
    }

    @Test
    void requireFailsWhenDeclined() throws SSLException {
        channel = channel(ServerTlsMode.REQUIRE);
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'N'}));
        assertFailed("the server does not accept TLS");
    }

    @Test
    void unencryptedBytesAfterSAreRefused() throws SSLException {
        channel = channel(ServerTlsMode.VERIFY_FULL);
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'S', 'R', 0, 0}));
        assertFailed("the server sent 3 unencrypted bytes after accepting TLS");
        assertNull(channel.pipeline().get(SslHandler.class));
    }

    @Test
    void anyOtherAnswerIsRefused() throws SSLException {
        channel = channel(ServerTlsMode.PREFER);
        ReferenceCountUtil.release(channel.readOutbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'E'}));
        assertFailed("the server answered SSLRequest with byte 69 (expected: S or N)");
    }

    @Test
    void handshakeFailuresAreNamedInTheOperatorsTerms() {
        assertTrue(ServerTlsNegotiator.handshakeFailure(new SSLException("x", new java.security.cert
                        .CertificateException("No subject alternative names matching IP address 10.0.0.1 found")),
                ServerTlsMode.VERIFY_FULL, "10.0.0.1").startsWith("its certificate does not name host \"10.0.0.1\""));
        assertTrue(ServerTlsNegotiator.handshakeFailure(new SSLException("PKIX path building failed"),
                ServerTlsMode.VERIFY_CA, "db").startsWith("its certificate is not signed by a CA in server_tls.ca_file"));
        assertEquals("the TLS handshake failed: protocol_version", ServerTlsNegotiator.handshakeFailure(
                new SSLException("protocol_version"), ServerTlsMode.REQUIRE, "db"));
    }

    private void assertFailed(String message) {
        assertEquals(1, errors.size(), errors.toString());
        assertInstanceOf(ServerTlsException.class, errors.get(0));
        assertTrue(errors.get(0).getMessage().startsWith(message), errors.get(0).getMessage());
        assertFalse(channel.isActive());
    }

    private EmbeddedChannel channel(ServerTlsMode mode) throws SSLException {
        ServerTlsConfig config = new ServerTlsConfig(mode, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of("TLSv1.2", "TLSv1.3"), List.of(), io.sluice.config.TlsProvider.JDK);
        // verify-full without a CA file is not a valid configuration; the negotiation does not look at the CA.
        ServerTlsConfig built = mode == ServerTlsMode.VERIFY_FULL ? new ServerTlsConfig(ServerTlsMode.REQUIRE,
                config.caFile(), config.certFile(), config.keyFile(), config.keyPassword(), config.protocols(),
                config.ciphers(), config.provider()) : config;
        TlsContexts.ServerSide side = new TlsContexts.ServerSide(config, SslContexts.forServers(built));
        return new EmbeddedChannel(new ServerTlsNegotiator(side, "db.example", 5432),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        events.add(evt);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        errors.add(cause);
                    }
                });
    }
}
