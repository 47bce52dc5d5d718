package io.sluice.proxy.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLSession;

/** What a channel's TLS session is, for {@code SHOW CLIENTS}, {@code SHOW SERVERS} and logs. */
public final class TlsInfo {

    private TlsInfo() {
    }

    /**
     * {@code TLSv1.3/TLS_AES_256_GCM_SHA384} for a channel with a completed TLS handshake, the empty string for a
     * plain one (PgBouncer's {@code tls} column reads the same way).
     */
    public static String describe(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return "";
        }
        SSLSession session = ssl.engine().getSession();
        return session.getProtocol() + '/' + session.getCipherSuite();
    }

    /** Whether the channel talks TLS (its handshake may still be under way). */
    public static boolean usesTls(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null;
    }
}
