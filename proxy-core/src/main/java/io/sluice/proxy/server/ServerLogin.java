package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.sluice.protocol.auth.ScramPasswordKeys;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frontend.PasswordMessages;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramException;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.auth.ScramSha256Client;
import io.sluice.config.ServerTlsMode;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.tls.ServerTlsException;
import io.sluice.proxy.tls.ServerTlsNegotiator;
import io.sluice.proxy.cancel.CancelForwarder;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Logs into PostgreSQL: startup, authentication (trust, cleartext, md5, SCRAM-SHA-256; with a configured password,
 * or passing through the SCRAM keys or md5 hash of a user looked up with {@code auth.query}), then the parameters
 * and backend key PostgreSQL reports until its first {@code ReadyForQuery}. Then it hands the channel over (to a new
 * {@link ServerConnection} for a pool) and completes {@code result}; any failure fails it with a
 * {@link ServerLoginException}.
 *
 * <p>Owned by the server channel's event loop.
 *
 * @param <T> what the login yields
 */
final class ServerLogin<T> extends ChannelInboundHandlerAdapter {

    /** Takes over the logged-in channel; runs on its event loop, with this handler still in the pipeline. */
    interface Handoff<T> {
        T loggedIn(ChannelHandlerContext ctx, ServerParameters parameters, BackendKeyData backendKey);
    }

    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final ServerTarget target;
    private final Promise<T> result;
    private final Handoff<T> handoff;
    private final SecureRandom random;
    private final ServerParameters parameters = new ServerParameters();
    private BackendKeyData backendKey = new BackendKeyData(0, 0);
    private ScramSha256Client scram;
    /** The pass-through secret sent, if any: PostgreSQL refusing it means the password changed. */
    private PassThroughSecret.Secret passedThrough;

    private final ServerTlsMode tlsMode;
    /** Keys derived from configured passwords, shared by every login of the connector: PBKDF2 once per verifier. */
    private final ScramPasswordKeys derivedKeys;

    ServerLogin(ServerTarget target, Promise<T> result, Handoff<T> handoff, SecureRandom random) {
        this(target, result, handoff, random, ServerTlsMode.DISABLE, new ScramPasswordKeys());
    }

    ServerLogin(ServerTarget target, Promise<T> result, Handoff<T> handoff, SecureRandom random,
            ServerTlsMode tlsMode, ScramPasswordKeys derivedKeys) {
        this.tlsMode = tlsMode;
        this.derivedKeys = derivedKeys;
        this.target = target;
        this.result = result;
        this.handoff = handoff;
        this.random = random;
    }

    /** Hands the channel to a new {@link ServerConnection} serving {@code owner}'s pool. */
    static Handoff<ServerConnection> toPool(ServerTarget target, ServerConnection.Owner owner,
            CancelForwarder canceller) {
        return (ctx, parameters, backendKey) -> {
            ServerConnection server = new ServerConnection(ctx.channel(), target, parameters, backendKey, owner,
                    canceller);
            ctx.pipeline().replace(ctx.handler(), "server", server);
            PgFrameDecoder frames = ctx.pipeline().get(PgFrameDecoder.class);
            if (frames != null) {
                frames.runs(server);
            }
            return server;
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(ServerTlsNegotiator.class) == null) {
            sendStartup(ctx);
        }
        // Otherwise the startup waits until TLS is up (or declined under prefer): see userEventTriggered.
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ServerTlsNegotiator.READY) {
            sendStartup(ctx);
        } else if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                sendStartup(ctx);
            } else {
                failTls(ctx, ServerTlsNegotiator.handshakeFailure(done.cause(), tlsMode, target.host()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void sendStartup(ChannelHandlerContext ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", target.user());
        params.put("database", target.database());
        ctx.writeAndFlush(new StartupMessage(StartupMessage.PROTOCOL_3_0, params).write(ctx.alloc()));
    }

    private void failTls(ChannelHandlerContext ctx, String what) {
        // The pool logs the failure with the rest of its connection failures.
        fail(ctx, new ServerLoginException(ProxyErrors.serverTlsFailed(target, tlsMode, what)));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, "sent a message too large for the login phase");
            return;
        }
        try {
            switch (Frames.tag(frame)) {
                case BackendTag.AUTHENTICATION -> authenticate(ctx, frame);
                case BackendTag.PARAMETER_STATUS -> {
                    ParameterStatus status = ParameterStatus.read(frame);
                    parameters.update(status.name(), status.value());
                }
                case BackendTag.BACKEND_KEY_DATA -> backendKey = BackendKeyData.read(frame);
                case BackendTag.NOTICE_RESPONSE, BackendTag.NEGOTIATE_PROTOCOL_VERSION -> {
                    // Nothing to act on: Sluice asks for protocol 3.0 and no options.
                }
                case BackendTag.ERROR_RESPONSE -> {
                    ErrorResponse error = ErrorResponse.read(frame);
                    if (passedThrough != null && error.sqlState() != null && error.sqlState().startsWith("28")) {
                        target.passThrough().rejected(passedThrough);
                    }
                    fail(ctx, new ServerLoginException(ProxyErrors.serverLoginFailed(target, error)));
                }
                case BackendTag.READY_FOR_QUERY -> ready(ctx);
                default -> fail(ctx, "sent " + BackendTag.name(Frames.tag(frame)) + " during login");
            }
        } catch (ScramException e) {
            if (passedThrough != null) {
                target.passThrough().rejected(passedThrough);
            }
            fail(ctx, "SCRAM authentication failed: " + e.getMessage());
        } catch (RuntimeException e) {
            fail(ctx, "sent a malformed login message: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void authenticate(ChannelHandlerContext ctx, ByteBuf frame) {
        int type = Authentication.type(frame);
        switch (type) {
            case Authentication.OK -> {
                // Parameters and the backend key follow.
            }
            case Authentication.CLEARTEXT_PASSWORD -> {
                String password = plainPassword(ctx, "password");
                if (password != null) {
                    ctx.writeAndFlush(PasswordMessages.writePassword(ctx.alloc(), password));
                }
            }
            case Authentication.MD5_PASSWORD -> {
                String secret = target.password();
                PassThroughSecret.Secret held = passThrough();
                if (secret == null && held != null && held.md5Hash() != null) {
                    // md5 pass-through: the response needs only the stored hash.
                    passedThrough = held;
                    secret = held.md5Hash();
                }
                if (secret == null || ScramSecret.isVerifier(secret)) {
                    fail(ctx, missingPassword("md5"));
                    return;
                }
                String response = Md5Password.response(secret, target.user(), Authentication.md5Salt(frame));
                ctx.writeAndFlush(PasswordMessages.writePassword(ctx.alloc(), response));
            }
            case Authentication.SASL -> {
                if (!Authentication.saslMechanisms(frame).contains(SCRAM_SHA_256)) {
                    fail(ctx, "offered SASL mechanisms " + Authentication.saslMechanisms(frame)
                            + " (expected: " + SCRAM_SHA_256 + ")");
                    return;
                }
                PassThroughSecret.Secret held = passThrough();
                if (target.password() == null && held != null && held.scramKeys() != null) {
                    // SCRAM pass-through: the keys recovered from a client's proof stand in for the password.
                    passedThrough = held;
                    scram = ScramSha256Client.fromKeys(held.scramKeys(), random);
                } else {
                    String password = plainPassword(ctx, "scram-sha-256");
                    if (password == null) {
                        return;
                    }
                    scram = new ScramSha256Client(password, random, derivedKeys);
                }
                ctx.writeAndFlush(PasswordMessages.writeSaslInitialResponse(ctx.alloc(), SCRAM_SHA_256,
                        scram.clientFirst()));
            }
            case Authentication.SASL_CONTINUE -> {
                if (scram == null) {
                    fail(ctx, "sent SASLContinue before SASL");
                    return;
                }
                ctx.writeAndFlush(PasswordMessages.writeSaslResponse(ctx.alloc(),
                        scram.clientFinal(Authentication.saslData(frame))));
            }
            case Authentication.SASL_FINAL -> {
                if (scram == null) {
                    fail(ctx, "sent SASLFinal before SASL");
                    return;
                }
                scram.verifyServerFinal(Authentication.saslData(frame));
            }
            default -> fail(ctx, "asked for authentication method " + type
                    + " (Sluice speaks trust, password, md5 and scram-sha-256 to PostgreSQL)");
        }
    }

    private String plainPassword(ChannelHandlerContext ctx, String method) {
        String password = target.password();
        if (password == null || ScramSecret.isVerifier(password) || Md5Password.isMd5Hash(password)) {
            fail(ctx, missingPassword(method));
            return null;
        }
        return password;
    }

    private String missingPassword(String method) {
        if (target.passThrough() != null) {
            PassThroughSecret.Secret held = passThrough();
            return "asked for " + method + " authentication of user \"" + target.user() + "\", whose secret comes"
                    + " from auth.query: " + (held == null ? "no client of this user has logged in since"
                    + " Sluice started or since PostgreSQL last refused the secret (the pool opens servers only"
                    + " after one has)" : "the secret looked up (" + held + ") cannot answer it");
        }
        return "asked for " + method + " authentication, which needs the plain password of user \""
                + target.user() + "\" (set users." + target.user()
                + ".password to the password, or databases.<name>.server_password)";
    }

    private PassThroughSecret.Secret passThrough() {
        return target.passThrough() == null ? null : target.passThrough().current();
    }

    private void ready(ChannelHandlerContext ctx) {
        if (result.isDone()) {
            // Timed out a moment ago; the pool has already forgotten this connection.
            ctx.close();
            return;
        }
        result.setSuccess(handoff.loggedIn(ctx, parameters, backendKey));
    }

    private void fail(ChannelHandlerContext ctx, String what) {
        fail(ctx, new ServerLoginException(ProxyErrors.serverLoginFailed(target, what)));
    }

    private void fail(ChannelHandlerContext ctx, ServerLoginException e) {
        result.tryFailure(e);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "closed the connection during login");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ServerTlsException) {
            failTls(ctx, cause.getMessage());
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
            failTls(ctx, ServerTlsNegotiator.handshakeFailure(cause.getCause(), tlsMode, target.host()));
        } else {
            fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }
}
