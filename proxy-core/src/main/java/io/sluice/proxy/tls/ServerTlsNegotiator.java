package io.sluice.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.sluice.config.ServerTlsMode;
import io.sluice.protocol.frontend.StartupMessage;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * First handler of a PostgreSQL connection when {@code server_tls.mode} is not {@code disable}: sends SSLRequest,
 * reads the one-byte answer, and starts TLS on {@code S} (the login handler sends the startup message on the
 * {@code SslHandler}'s handshake event). On {@code N} it fires {@link #READY} and the login goes on in plain text if
 * the mode is {@code prefer}; otherwise, and on any other answer, a {@link ServerTlsException} is fired and the
 * connection closed.
 *
 * <pre>
 *   Sluice                          PostgreSQL
 *   SSLRequest (8 bytes)  ───────▶
 *                         ◀─────── 'S' | 'N'
 *   TLS handshake (on 'S') ◀─────▶
 *   handshake event (or READY on 'N' under prefer): ServerLogin sends the StartupMessage
 * </pre>
 *
 * <p>Owned by the server channel's event loop.
 */
public final class ServerTlsNegotiator extends ByteToMessageDecoder {

    /** The user event that tells the login handler to send the startup message. */
    public static final Object READY = new Object() {
        @Override
        public String toString() {
            return "ServerTlsNegotiator.READY";
        }
    };

    private static final System.Logger LOG = System.getLogger(ServerTlsNegotiator.class.getName());

    private final TlsContexts.ServerSide tls;
    private final String host;
    private final int port;
    private boolean answered;

    /**
     * @param tls the server side, with TLS on
     * @param host the host name Sluice connected to, checked against the certificate by {@code verify-full}
     */
    public ServerTlsNegotiator(TlsContexts.ServerSide tls, String host, int port) {
        this.tls = tls;
        this.host = host;
        this.port = port;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf request = ctx.alloc().buffer(8);
        request.writeInt(8).writeInt(StartupMessage.SSL_REQUEST_CODE);
        ctx.writeAndFlush(request);
        ctx.fireChannelActive();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (answered || !in.isReadable()) {
            return;
        }
        answered = true;
        byte answer = in.readByte();
        if (answer == 'S') {
            if (in.isReadable()) {
                // Bytes before the handshake would be trusted as if TLS had protected them (CVE-2021-23222).
                fail(ctx, "the server sent " + in.readableBytes() + " unencrypted bytes after accepting TLS");
                return;
            }
            SslHandler handler = tls.context().newHandler(ctx.alloc(), host, port);
            ctx.pipeline().addAfter(ctx.name(), "tls", handler);
            ctx.pipeline().remove(this);
        } else if (answer == 'N' && tls.mode() == ServerTlsMode.PREFER) {
            ctx.pipeline().remove(this);
            ctx.pipeline().fireUserEventTriggered(READY);
        } else if (answer == 'N') {
            fail(ctx, "the server does not accept TLS (it answered N to SSLRequest); turn ssl on in PostgreSQL,"
                    + " or lower server_tls.mode to prefer");
        } else {
            fail(ctx, "the server answered SSLRequest with byte " + (answer & 0xff) + " (expected: S or N)");
        }
    }

    private void fail(ChannelHandlerContext ctx, String what) {
        ctx.fireExceptionCaught(new ServerTlsException(what));
        ctx.close();
    }

    /** Describes a handshake failure in the operator's terms: which setting and which check. */
    public static String handshakeFailure(Throwable cause, ServerTlsMode mode, String host) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        String all = text.toString();
        String why;
        if (all.contains("No subject alternative") || all.contains("No name matching")
                || all.contains("hostname") || all.contains("does not match")) {
            why = "its certificate does not name host \"" + host + "\" (server_tls.mode verify-full checks"
                    + " databases.*.host against the certificate)";
        } else if (all.contains("PKIX") || all.contains("certification path") || all.contains("unknown_ca")
                || all.contains("certificate_unknown") || all.contains("self-signed") || all.contains("self signed")) {
            why = "its certificate is not signed by a CA in server_tls.ca_file (server_tls.mode "
                    + mode.configName() + ')';
        } else {
            why = "the TLS handshake failed:" + all;
        }
        LOG.log(Level.DEBUG, "TLS handshake with {0} failed", host, cause);
        return why;
    }
}
