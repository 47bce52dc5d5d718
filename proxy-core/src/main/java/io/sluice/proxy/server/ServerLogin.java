package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.PasswordMessages;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramException;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.auth.ScramSha256Client;
import io.sluice.proxy.ProxyErrors;
import io.sluice.config.ServerTlsMode;
import io.sluice.proxy.cancel.CancelForwarder;
import io.sluice.proxy.tls.ServerTlsException;
import io.sluice.proxy.tls.ServerTlsNegotiator;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Logs into PostgreSQL: startup, authentication (trust, cleartext, md5, SCRAM-SHA-256), then the parameters and
 * backend key PostgreSQL reports until its first {@code ReadyForQuery}. Then it hands the channel to a new
 * {@link ServerConnection} and completes {@code result}; any failure fails it with a {@link ServerLoginException}.
 *
 * <p>Owned by the server channel's event loop.
 */
final class ServerLogin extends ChannelInboundHandlerAdapter {

    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final ServerTarget target;
    private final Promise<ServerConnection> result;
    private final ServerConnection.Owner owner;
    private final SecureRandom random;
    private final CancelForwarder canceller;
    private final ServerParameters parameters = new ServerParameters();
    private BackendKeyData backendKey = new BackendKeyData(0, 0);
    private ScramSha256Client scram;
    private final ServerTlsMode tlsMode;

    ServerLogin(ServerTarget target, Promise<ServerConnection> result, ServerConnection.Owner owner,
            SecureRandom random, CancelForwarder canceller, ServerTlsMode tlsMode) {
        this.tlsMode = tlsMode;
        this.target = target;
        this.result = result;
        this.owner = owner;
        this.random = random;
        this.canceller = canceller;
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
                    fail(ctx, new ServerLoginException(ProxyErrors.serverLoginFailed(target, error)));
                }
                case BackendTag.READY_FOR_QUERY -> ready(ctx);
                default -> fail(ctx, "sent " + BackendTag.name(Frames.tag(frame)) + " during login");
            }
        } catch (ScramException e) {
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
                if (target.password() == null || ScramSecret.isVerifier(target.password())) {
                    fail(ctx, missingPassword("md5"));
                    return;
                }
                String response = Md5Password.response(target.password(), target.user(),
                        Authentication.md5Salt(frame));
                ctx.writeAndFlush(PasswordMessages.writePassword(ctx.alloc(), response));
            }
            case Authentication.SASL -> {
                if (!Authentication.saslMechanisms(frame).contains(SCRAM_SHA_256)) {
                    fail(ctx, "offered SASL mechanisms " + Authentication.saslMechanisms(frame)
                            + " (expected: " + SCRAM_SHA_256 + ")");
                    return;
                }
                String password = plainPassword(ctx, "scram-sha-256");
                if (password != null) {
                    scram = new ScramSha256Client(password, random);
                    ctx.writeAndFlush(PasswordMessages.writeSaslInitialResponse(ctx.alloc(), SCRAM_SHA_256,
                            scram.clientFirst()));
                }
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
        return "asked for " + method + " authentication, which needs the plain password of user \""
                + target.user() + "\" (set users." + target.user()
                + ".password to the password, or databases.<name>.server_password)";
    }

    private void ready(ChannelHandlerContext ctx) {
        if (result.isDone()) {
            // Timed out a moment ago; the pool has already forgotten this connection.
            ctx.close();
            return;
        }
        ServerConnection server = new ServerConnection(ctx.channel(), target, parameters, backendKey, owner,
                canceller);
        ctx.pipeline().replace(this, "server", server);
        result.setSuccess(server);
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
