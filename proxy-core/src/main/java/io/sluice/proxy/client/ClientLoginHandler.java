package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.config.AuthType;
import io.sluice.config.ClientTlsMode;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.HbaMethod;
import io.sluice.config.HbaRule;
import io.sluice.config.SluiceConfig;
import io.sluice.config.UserConfig;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.NegotiateProtocolVersion;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.LogEvent;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.access.AccessRules;
import io.sluice.proxy.admin.AdminConnection;
import io.sluice.proxy.auth.AuthLookup;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.server.PassThroughSecret;
import io.sluice.proxy.session.ClientSession;
import io.sluice.proxy.stats.ProxyStats.LoginFailure;
import io.sluice.proxy.tls.TlsInfo;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a client connection: SSL negotiation ({@code client_tls}; GSSAPI encryption is refused),
 * cancel requests, the startup message, TLS and access rules ({@code hba:}), authentication (against the configured
 * secret, or one fetched with {@code auth.query}), and the database and user lookup. On success it replaces itself
 * with a {@link ClientConnection}. Every refusal is an {@code ErrorResponse} with its SQLSTATE, then the
 * connection closes; nothing else is affected.
 *
 * <p>Owned by the client channel's event loop.
 */
public final class ClientLoginHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(ClientLoginHandler.class.getName());

    /** The admin console's database names: Sluice's own, and PgBouncer's for existing tools. */
    private static final Set<String> ADMIN_DATABASES = Set.of("sluice", "pgbouncer");

    private final ClientServices services;
    private final ClientDeparture departure;
    private ScheduledFuture<?> loginTimeout;
    private StartupMessage startup;
    private ClientAuthenticator authenticator;
    /** The login failed or was refused; its answer is sent or scheduled, and nothing more is read. */
    private boolean failed;
    /** Whether the user's secret came from auth.query, so the pool logs in with what the client proved. */
    private boolean passThrough;
    /** The method the matching access rule chose, or {@code null} to use {@code auth.type}. */
    private HbaMethod hbaMethod;

    public ClientLoginHandler(ClientServices services) {
        this.services = services;
        this.departure = new ClientDeparture(services.clients(), services.addresses());
    }

    /** Drops what only the login needed: the channel keeps {@link #departure} and the next handler, not this. */
    private void forgetLogin() {
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
            loginTimeout = null;
        }
        authenticator = null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        services.clients().incrementAndGet();
        ctx.channel().closeFuture().addListener(departure);
        InetAddress address = address(ctx);
        if (!services.addresses().tryOpen(address)) {
            // Refused before it can send anything: a flood from one address holds no more than its share.
            failed = true;
            ctx.writeAndFlush(ProxyErrors.tooManyClientsFrom(address.getHostAddress(), services.addresses().max())
                    .write(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
            ctx.fireChannelActive();
            return;
        }
        departure.admitted(address);
        var timeout = services.config().listen().clientLoginTimeout();
        if (!timeout.isZero()) {
            loginTimeout = ctx.executor().schedule(() -> refuse(ctx, ProxyErrors.clientLoginTimeout(timeout),
                    LoginFailure.TIMEOUT), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            // Answered already (the answer may be held back by the failure backoff): nothing more is read.
            ReferenceCountUtil.release(msg);
            return;
        }
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
        if (context == null || Transport.onUnixSocket(ctx.channel())) {
            // client_tls.mode disable, or the Unix-domain socket (no TLS there, as in PostgreSQL): 'N' tells the
            // client to go on in plain text or give up.
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
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // The client closed its side: like PostgreSQL, end the session (after any answer already written).
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Refuses the client, with the reason, unless TLS and the access rules ({@code hba:}) let it log in. */
    private boolean allowed(ChannelHandlerContext ctx, String user, String database) {
        boolean tls = TlsInfo.usesTls(ctx.channel());
        ClientTlsMode tlsMode = services.tls().client().mode();
        // A client on the Unix-domain socket never crosses a network, and has no TLS there (as in PostgreSQL).
        boolean local = Transport.onUnixSocket(ctx.channel());
        if (tlsMode.required() && !tls && !local) {
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
        // "[local]" for the socket, as PostgreSQL writes it.
        String host = local ? "[local]" : address == null ? String.valueOf(ctx.channel().remoteAddress())
                : address.getHostAddress();
        Optional<HbaRule> rule = AccessRules.firstMatch(rules, database, user, address, local, tls);
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
        Duration backoff = services.failedLogins().remaining(address(ctx));
        if (!backoff.isZero()) {
            LOG.log(Level.DEBUG, "login of user \"{0}\" from {1} refused: failure backoff", user, remote(ctx));
            refuse(ctx, ProxyErrors.loginBackoff(address(ctx).getHostAddress(), backoff));
            return;
        }
        if (!allowed(ctx, user, message.database())) {
            return;
        }
        UserConfig userConfig = services.config().users().get(user);
        if (services.authSecrets() != null && (userConfig == null || userConfig.password() == null)
                && !ADMIN_DATABASES.contains(message.database())) {
            lookUp(ctx, user);
            return;
        }
        authenticator = newAuthenticator(user, userConfig == null ? null : userConfig.password(),
                services.secrets().scramFor(user), userConfig != null);
        handle(ctx, authenticator.start(ctx.alloc()));
    }

    /**
     * A user without a configured password: its secret comes from {@code auth.query} (cached, or fetched over a
     * dedicated connection), then the exchange runs against it as against a configured one. The client sends
     * nothing meanwhile: it waits for the authentication request.
     */
    private void lookUp(ChannelHandlerContext ctx, String user) {
        String lookupDatabase = services.config().auth().database().orElse(startup.database());
        DatabaseConfig database = services.config().databases().get(lookupDatabase);
        if (database == null) {
            refuse(ctx, ProxyErrors.unknownDatabase(startup.database()));
            return;
        }
        services.authSecrets().lookup(ctx.channel().eventLoop(), database, user).addListener(f -> {
            AuthLookup lookup = (AuthLookup) f.getNow();
            if (ctx.executor().inEventLoop()) {
                lookedUp(ctx, user, lookup);
            } else {
                ctx.executor().execute(() -> lookedUp(ctx, user, lookup));
            }
        });
    }

    private void lookedUp(ChannelHandlerContext ctx, String user, AuthLookup lookup) {
        if (!ctx.channel().isActive() || authenticator != null) {
            return;
        }
        if (lookup.failure() != null) {
            refuse(ctx, lookup.failure());
            return;
        }
        String secret = lookup.secret();
        boolean scram = secret != null && ScramSecret.isVerifier(secret);
        boolean usable = scram || secret != null && Md5Password.isMd5Hash(secret);
        if (secret != null && !usable) {
            LOG.log(Level.WARNING, "auth.query returned a secret for user \"{0}\" that is neither a SCRAM verifier"
                    + " nor an md5 hash; Sluice cannot use a plain-text password from it", user);
        } else if (usable && !scram && services.config().auth().type() == AuthType.SCRAM_SHA_256) {
            LOG.log(Level.INFO, "user \"{0}\" has an md5 hash in PostgreSQL, which cannot answer scram-sha-256"
                    + " (set auth.type to md5, or set the password again with password_encryption"
                    + " scram-sha-256)", user);
        }
        passThrough = usable;
        authenticator = newAuthenticator(user, usable ? secret : null,
                scram ? ScramSecret.parse(secret) : services.secrets().scramFor(user), usable);
        handle(ctx, authenticator.start(ctx.alloc()));
    }

    /** With the method the matching access rule chose, else {@code auth.type}. */
    private ClientAuthenticator newAuthenticator(String user, String secret, ScramSecret scram, boolean knownUser) {
        return hbaMethod == null
                ? new ClientAuthenticator(services.config().auth().type(), user, secret, scram, knownUser,
                        services.random())
                : new ClientAuthenticator(hbaMethod, user, secret, scram, knownUser, services.random());
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
                LOG.log(Level.INFO, "{0}", LogEvent.of("login failed").with("db", startup.database())
                        .with("user", startup.user()).with("addr", remote(ctx)).with("reason", step.reason()));
                answerFailure(ctx);
            }
            case SUCCESS -> loggedIn(ctx);
            default -> throw new IllegalStateException(step.outcome().toString());
        }
    }

    /**
     * Answers a failed login: the same error whether the user is unknown or the password wrong, held back by the
     * backoff the address has earned (scheduled on this loop, which goes on serving everyone else meanwhile).
     */
    private void answerFailure(ChannelHandlerContext ctx) {
        failed = true;
        ErrorResponse error = ProxyErrors.passwordFailed(startup.user());
        Duration delay = services.failedLogins().failed(address(ctx));
        if (delay.isZero()) {
            refuse(ctx, error);
            return;
        }
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        ctx.executor().schedule(() -> refuse(ctx, error), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void loggedIn(ChannelHandlerContext ctx) {
        SluiceConfig config = services.config();
        if (ADMIN_DATABASES.contains(startup.database())) {
            adminLogin(ctx, config);
            return;
        }
        DatabaseConfig database = config.databases().get(startup.database());
        if (database == null) {
            refuse(ctx, ProxyErrors.unknownDatabase(startup.database()));
            return;
        }
        if (services.pools().isDisabled(database.name())) {
            refuse(ctx, ProxyErrors.databaseDisabled(database.name()));
            return;
        }
        UserConfig user = config.users().get(startup.user());
        if (user == null && !passThrough) {
            // Removed by a reload during this login.
            refuse(ctx, ProxyErrors.passwordFailed(startup.user()));
            return;
        }
        if (user == null) {
            // Looked up with auth.query: no entry under users:, the pool passes through what the client proved.
            user = new UserConfig(startup.user(), null);
        }
        ClientSession session = ClientSession.of(startup);
        Pool pool = services.pools().pool(database, user);
        PassThroughSecret poolSecret = pool.settings().target().passThrough();
        if (passThrough && poolSecret != null && poolSecret.offer(authenticator.passThroughSecret())) {
            // The first secret for this pool, or a new password: servers may be opened at once.
            pool.credentialsChanged();
        }
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        pool.stats().clientLoggedIn();
        departure.loggedIn(pool.stats());
        forgetLogin();
        ctx.pipeline().replace(this, "client", new ClientConnection(pool, session, services.cancels(),
                config.pool(), services.welcome(), services.statements(),
                config.process().logConnections()));
    }

    /** The virtual admin database: users of admin.users and admin.stats_users only. */
    private void adminLogin(ChannelHandlerContext ctx, SluiceConfig config) {
        if (!config.admin().mayConnect(startup.user())) {
            refuse(ctx, ProxyErrors.notAnAdmin(startup.user()));
            return;
        }
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
        }
        LOG.log(Level.INFO, "{0}", LogEvent.of("admin login").with("db", startup.database())
                .with("user", startup.user()).with("addr", remote(ctx)));
        AdminConnection admin = new AdminConnection(services.console(), startup.user(), services.version(),
                startup.parameters().get("application_name"));
        forgetLogin();
        ctx.pipeline().replace(this, "admin", admin);
    }

    private void refuse(ChannelHandlerContext ctx, ErrorResponse error) {
        refuse(ctx, error, LoginFailure.of(error.sqlState()));
    }

    private void refuse(ChannelHandlerContext ctx, ErrorResponse error, LoginFailure why) {
        services.stats().loginFailed(why);
        failed = true;
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

    /** The client's IP address, or null when it has none (an embedded or local channel). */
    private static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static SocketAddress remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress();
    }
}
