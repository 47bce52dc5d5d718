package io.sluice.proxy.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.System.Logger.Level;

/**
 * After a direct TLS handshake, closes the connection unless the client negotiated the ALPN protocol
 * {@code postgresql}, as PostgreSQL 17 does: without it, a TLS connection meant for another protocol (an HTTPS
 * client sent to the wrong port) could be taken for a PostgreSQL one. Removes itself afterwards.
 *
 * <p>Owned by the client channel's event loop.
 */
final class DirectTlsAlpnCheck extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(DirectTlsAlpnCheck.class.getName());

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
            String protocol = ctx.pipeline().get(SslHandler.class).applicationProtocol();
            if (!SslContexts.ALPN_POSTGRESQL.equals(protocol)) {
                LOG.log(Level.INFO, "client {0} used direct TLS without ALPN protocol \"postgresql\" (got {1});"
                        + " closing", ctx.channel().remoteAddress(), protocol);
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }
}
