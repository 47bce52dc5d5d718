package io.sluice.proxy.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * First handler of a client connection: tells PostgreSQL 17's direct TLS ({@code sslnegotiation=direct}), whose
 * first byte is a TLS handshake record (0x16), from the usual startup packets, whose first byte is the high byte of
 * a length below 10 000 (0x00). For direct TLS it puts an {@link io.netty.handler.ssl.SslHandler} and a
 * {@link DirectTlsAlpnCheck} after itself; either way it then removes itself, handing on what it read.
 *
 * <p>Owned by the client channel's event loop.
 */
public final class DirectTlsDetector extends ByteToMessageDecoder {

    /** TLS record content type "handshake". */
    static final byte TLS_HANDSHAKE = 0x16;

    private static final System.Logger LOG = System.getLogger(DirectTlsDetector.class.getName());

    private final TlsContexts tls;

    public DirectTlsDetector(TlsContexts tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        if (in.getByte(in.readerIndex()) == TLS_HANDSHAKE) {
            SslContext context = tls.client().context();
            if (context == null) {
                // A TLS client cannot read an ErrorResponse; PostgreSQL closes the connection too.
                LOG.log(Level.INFO, "client {0} started direct TLS, but client_tls.mode is disable; closing",
                        ctx.channel().remoteAddress());
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            ctx.pipeline().addAfter(ctx.name(), "tls-alpn", new DirectTlsAlpnCheck());
            ctx.pipeline().addAfter(ctx.name(), "tls", context.newHandler(ctx.alloc()));
        }
        // ByteToMessageDecoder hands the bytes read so far to the next handler when it is removed.
        ctx.pipeline().remove(this);
    }
}
