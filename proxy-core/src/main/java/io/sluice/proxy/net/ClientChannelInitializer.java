package io.sluice.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.proxy.client.ClientLoginHandler;
import io.sluice.proxy.client.ClientServices;
import io.sluice.proxy.tls.DirectTlsDetector;

/**
 * The pipeline of an accepted client socket: the direct TLS detector (which gives way to TLS or to nothing after the
 * first byte), the startup decoder (which gives way to the typed frame decoder after the startup message) and the
 * login handler (which gives way to the client connection after login). SSLRequest puts TLS in front later.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    /** Client messages the proxy only forwards, streamed in chunks once large: CopyData, Bind, FunctionCall. */
    static final String STREAMED_CLIENT_TAGS = "dBF";

    /**
     * What a client may send after its startup packet: the messages of a session, and PasswordMessage (login).
     * Anything else is refused at its header; after login the client connection drops PasswordMessage too.
     */
    static final String LOGIN_TAGS = "QPBDECSHXdcfFp";

    /** Larger messages of a streamed kind are forwarded in chunks instead of held whole. */
    static final int CHUNK_THRESHOLD = 64 * 1024;

    private final ClientServices services;
    private final ChannelGroup clients;

    public ClientChannelInitializer(ClientServices services, ChannelGroup clients) {
        this.services = services;
        this.clients = clients;
    }

    @Override
    protected void initChannel(Channel ch) {
        clients.add(ch);
        int maxPacketSize = services.config().listen().maxPacketSize();
        if (!Transport.onUnixSocket(ch)) {
            // No TLS on the Unix-domain socket, as in PostgreSQL: a ClientHello there is a malformed startup packet.
            ch.pipeline().addLast("direct-tls", new DirectTlsDetector(services.tls()));
        }
        ch.pipeline().addLast("startup", new StartupFrameDecoder(() -> {
            PgFrameDecoder frames = new PgFrameDecoder(maxPacketSize, STREAMED_CLIENT_TAGS, CHUNK_THRESHOLD);
            frames.acceptedTags(LOGIN_TAGS);
            return frames;
        }));
        ch.pipeline().addLast("login", new ClientLoginHandler(services));
    }
}
