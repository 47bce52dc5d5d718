package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.sluice.config.ClientTlsMode;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.HbaMethod;
import io.sluice.config.HbaRule;
import io.sluice.config.UserConfig;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.NegotiateProtocolVersion;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.access.AccessRules;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.session.ClientSession;
import io.sluice.proxy.tls.TlsInfo;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a client connection: SSL negotiation ({@code client_tls}; GSSAPI encryption is refused),
 * cancel requests, the startup message, TLS and access rules ({@code hba:}), authentication, and the database and
 * user lookup. On success it replaces itself
 * with a {@link ClientConnection}. Every refusal is an {@code ErrorResponse} with its SQLSTATE, then the
 * connection closes; nothing else is affected.
 *
 * <p>Owned by the client channel's event loop.
 */
public final class ClientLoginHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ClientLoginHandler.class.getName());

    private final ClientServices services;
    private ScheduledFuture<?> loginTimeout;
    private StartupMessage startup;
    private ClientAuthenticator authenticator;
    /** The method the matching access rule chose, or {@code null} to use {@code auth.type}. */
    private HbaMethod hbaMethod;

    public ClientLoginHandler(ClientServices services) {
        this.services = services;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        services.clients().incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> services.clients().decrementAndGet());
        var timeout = services.config().listen().clientLoginTimeout();
        if (!timeout.isZero()) {
            loginTimeout = ctx.executor().schedule(() -> refuse(ctx, ProxyErrors.clientLoginTimeout(timeout)),
                    timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, ProxyErrors.protocolViolation("message too large during login"));
            return;
        }
        try {
            if (startup == null) {
                startupPacket(ctx, buf);
            } else {
                passwordMessage(ctx, buf);
            }
        } catch (ProtocolException e) {
            refuse(ctx, ProxyErrors.protocolViolation(e.getMessage()));
        } finally {
            buf.release();
        }
    }

    private void startupPacket(ChannelHandlerContext ctx, ByteBuf packet) {
        int code = StartupMessage.code(packet);
        if (code == StartupMessage.SSL_REQUEST_CODE) {
            sslRequest(ctx);
        } else if (code == StartupMessage.GSSENC_REQUEST_CODE) {
            // No GSSAPI encryption: 'N' tells the client to go on without it (or to try SSLRequest).
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (code == StartupMessage.CANCEL_REQUEST_CODE) {
            services.cancels().cancel(CancelRequest.read(packet));
            ctx.close();
        } else if (code >> 16 == 3) {
            startup(ctx, StartupMessage.read(packet));
        } else {
            refuse(ctx, ProxyErrors.unsupportedProtocol(code));
        }
    }

    private void sslRequest(ChannelHandlerContext ctx) {
        if (TlsInfo.usesTls(ctx.channel())) {
            refuse(ctx, ProxyErrors.protocolViolation("SSLRequest on a connection that already uses TLS"));
            return;
        }
        SslContext context = services.tls().client().context();
        if (context == null) {
            // client_tls.mode disable: 'N' tells the client to go on in plain text or give up.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return;
        }
        StartupFrameDecoder startupDecoder = ctx.pipeline().get(StartupFrameDecoder.class);
        if (startupDecoder != null && startupDecoder.bufferedBytes() > 0) {
            // Bytes sent before the handshake would be read as if TLS had protected them (CVE-2021-23214).
            refuse(ctx, ProxyErrors.protocolViolation("data received after SSLRequest before the TLS handshake"));
            return;
        }
        // 'S' goes out in plain text (the write completes through the pipeline now), then TLS goes in front.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
        ctx.pipeline().addFirst("tls", context.newHandler(ctx.alloc()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            Throwable cause = done.cause();
            LOG.log(Level.INFO, "TLS handshake with client {0} failed: {1}", remote(ctx),
                    cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Refuses the client, with the reason, unless TLS and the access rules ({@code hba:}) let it log in. */
    private boolean allowed(ChannelHandlerContext ctx, String user, String database) {
        boolean tls = TlsInfo.usesTls(ctx.channel());
        ClientTlsMode tlsMode = services.tls().client().mode();
        if (tlsMode.required() && !tls) {
            LOG.log(Level.INFO, "refused plain-text client {0}: client_tls.mode is {1}", remote(ctx),
                    tlsMode.configName());
            refuse(ctx, ProxyErrors.tlsRequired(tlsMode));
            return false;
        }
        List<HbaRule> rules = services.config().hba();
        if (rules.isEmpty()) {
            return true;
        }
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress()
                : null;
        String host = address == null ? String.valueOf(ctx.channel().remoteAddress()) : address.getHostAddress();
        Optional<HbaRule> rule = AccessRules.firstMatch(rules, database, user, address, tls);
        if (rule.isEmpty()) {
            LOG.log(Level.INFO, "refused client {0}: no hba rule for user \"{1}\", database \"{2}\"", host, user,
                    database);
            refuse(ctx, ProxyErrors.noAccessRule(host, user, database, tls));
            return false;
        }
        if (rule.get().method() == HbaMethod.REJECT) {
            LOG.log(Level.INFO, "refused client {0} (user \"{1}\", database \"{2}\") by hba {3}", host, user,
                    database, rule.get().describe());
            refuse(ctx, ProxyErrors.accessRejected(host, user, database, tls));
            return false;
        }
        hbaMethod = rule.get().method();
        return true;
    }

    private void startup(ChannelHandlerContext ctx, StartupMessage message) {
        startup = message;
        List<String> unknownOptions = new ArrayList<>();
        message.parameters().keySet().stream().filter(k -> k.startsWith("_pq_.")).forEach(unknownOptions::add);
        if ((message.protocolVersion() & 0xffff) > 0 || !unknownOptions.isEmpty()) {
            // Newer minor version or protocol options: answer as a 3.0 server does (protocol section 55.2.1).
            ctx.write(NegotiateProtocolVersion.write(ctx.alloc(), 0, unknownOptions));
        }
        String user = message.parameters().get("user");
        if (user == null || user.isEmpty()) {
            refuse(ctx, ProxyErrors.noUserName());
            return;
        }
        String replication = message.parameters().get("replication");
        if (replication != null && !List.of("false", "off", "no", "0").contains(replication.toLowerCase())) {
            refuse(ctx, ProxyErrors.replicationNotSupported());
            return;
        }
        int max = services.config().pool().maxClientConn();
        if (services.clients().get() > max) {
            refuse(ctx, ProxyErrors.tooManyClients(max));
            return;
        }
        if (!allowed(ctx, user, message.database())) {
            return;
        }
        UserConfig userConfig = services.config().users().get(user);
        String secret = userConfig == null ? null : userConfig.password();
        authenticator = hbaMethod == null
                ? new ClientAuthenticator(services.config().auth().type(), user, secret,
                        services.secrets().scramFor(user), userConfig != null, services.random())
                : new ClientAuthenticator(hbaMethod, user, secret, services.secrets().scramFor(user),
                        userConfig != null, services.random());
        handle(ctx, authenticator.start(ctx.alloc()));
    }

    private void passwordMessage(ChannelHandlerContext ctx, ByteBuf frame) {
        if (authenticator == null || Frames.tag(frame) != FrontendTag.PASSWORD) {
            refuse(ctx, ProxyErrors.protocolViolation("expected a password message, got "
                    + FrontendTag.name(Frames.tag(frame))));
            return;
        }
        handle(ctx, authenticator.onPasswordMessage(frame, ctx.alloc()));
    }

    private void handle(ChannelHandlerContext ctx, ClientAuthenticator.Step step) {
        if (step.reply() != null) {
            ctx.write(step.reply());
        }
        switch (step.outcome()) {
            case CONTINUE -> ctx.flush();
            case FAILURE -> {
                LOG.log(Level.INFO, "login of user \"{0}\" from {1} failed: {2}", startup.user(), remote(ctx),
                        step.reason());
                refuse(ctx, ProxyErrors.passwordFailed(startup.user()));
            }
            case SUCCESS -> loggedIn(ctx);
            default -> throw new IllegalStateException(step.outcome().toString());
        }
    }

    private void loggedIn(ChannelHandlerContext ctx) {
        DatabaseConfig database = services.config().databases().get(startup.database());
        if (database == null) {
            refuse(ctx, ProxyErrors.unknownDatabase(startup.database()));
            return;
        }
        ClientSession session = ClientSession.of(startup);
        Pool pool = services.pools().pool(database, services.config().users().get(startup.user()));
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        ctx.pipeline().replace(this, "client", new ClientConnection(pool, session, services.cancels(),
                services.config().pool(), new Welcome(services.version()), services.statements()));
    }

    private void refuse(ChannelHandlerContext ctx, ErrorResponse error) {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(error.write(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException) {
            refuse(ctx, ProxyErrors.protocolViolation(root.getMessage()));
        } else {
            LOG.log(Level.DEBUG, "client {0} failed during login: {1}", remote(ctx), root.toString());
            ctx.close();
        }
    }

    private static SocketAddress remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress();
    }
}
