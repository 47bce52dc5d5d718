package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.config.AuthType;
import io.sluice.config.HbaMethod;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramException;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.auth.ScramSha256Server;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.frontend.PasswordMessages;
import io.sluice.proxy.server.PassThroughSecret;
import java.security.SecureRandom;
import java.util.List;

/**
 * Runs one client's authentication exchange as a pure state machine: each step takes the client's message and
 * returns what to send back and whether the client is in. It does no I/O.
 *
 * <p>The method is {@code auth.type}, adjusted to the stored secret as PostgreSQL does: md5 with a SCRAM verifier
 * upgrades to SCRAM; SCRAM with only an md5 hash cannot work and fails. An unknown user goes through the same
 * exchange against a random secret and fails the same way as a wrong password, so user names cannot be probed.
 */
final class ClientAuthenticator {

    /** What to do after a step. */
    enum Outcome { CONTINUE, SUCCESS, FAILURE }

    /** The result of a step: a reply to send (may be null) and the outcome. */
    record Step(ByteBuf reply, Outcome outcome, String reason) {
        static Step reply(ByteBuf reply) {
            return new Step(reply, Outcome.CONTINUE, null);
        }

        static Step success(ByteBuf reply) {
            return new Step(reply, Outcome.SUCCESS, null);
        }

        static Step failure(String reason) {
            return new Step(null, Outcome.FAILURE, reason);
        }
    }

    private enum Method { TRUST, MD5, SCRAM, PASSWORD }

    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    /** Checked against when the user is unknown; the outcome is ignored, only the work matters. */
    private static final String UNKNOWN_USER_SECRET = "md5" + "0".repeat(32);

    private final String user;
    private final String secret;
    private final ScramSecret scramSecret;
    private final Method method;
    private final SecureRandom random;
    private final boolean knownUser;
    private byte[] md5Salt;
    private ScramSha256Server scram;

    /**
     * @param secret the user's configured password, md5 hash or SCRAM verifier; {@code null} for an unknown user
     * @param scramSecret the SCRAM verifier to check against: the user's (derived once for plain passwords), or a
     *     random one that nothing matches for an unknown user or an md5-only secret
     */
    ClientAuthenticator(AuthType type, String user, String secret, ScramSecret scramSecret, boolean knownUser,
            SecureRandom random) {
        this(type == AuthType.TRUST ? Method.TRUST
                : type == AuthType.MD5 && (secret == null || !ScramSecret.isVerifier(secret)) ? Method.MD5
                : Method.SCRAM, user, secret, scramSecret, knownUser, random);
    }

    /**
     * With the method an access rule ({@code hba:}) chose in place of {@code auth.type}; {@code password} asks for
     * the password in clear text and checks it against any stored form.
     *
     * @param hbaMethod any but {@code reject}, which never gets this far
     */
    ClientAuthenticator(HbaMethod hbaMethod, String user, String secret, ScramSecret scramSecret, boolean knownUser,
            SecureRandom random) {
        this(switch (hbaMethod) {
            case TRUST -> Method.TRUST;
            case PASSWORD -> Method.PASSWORD;
            case MD5 -> secret == null || !ScramSecret.isVerifier(secret) ? Method.MD5 : Method.SCRAM;
            case SCRAM_SHA_256 -> Method.SCRAM;
            case REJECT -> throw new IllegalArgumentException("hbaMethod: reject (expected: a login method)");
        }, user, secret, scramSecret, knownUser, random);
    }

    private ClientAuthenticator(Method method, String user, String secret, ScramSecret scramSecret,
            boolean knownUser, SecureRandom random) {
        this.method = method;
        this.user = user;
        this.secret = secret;
        this.knownUser = knownUser;
        this.random = random;
        this.scramSecret = method == Method.SCRAM ? scramSecret : null;
    }

    /**
     * What a pool may log into PostgreSQL with on this user's behalf after a successful exchange (pass-through of a
     * secret looked up with {@code auth.query}): the SCRAM keys recovered from the client's proof, or the md5 hash
     * the client answered; {@code null} for trust.
     */
    PassThroughSecret.Secret passThroughSecret() {
        return switch (method) {
            case SCRAM -> new PassThroughSecret.Secret(scram.clientKeys(), null);
            case MD5 -> Md5Password.isMd5Hash(secret) ? new PassThroughSecret.Secret(null, secret) : null;
            // A clear-text password (an hba rule's `password`) is not kept: it would be the password itself.
            case TRUST, PASSWORD -> null;
        };
    }

    /** The first step, before the client has sent anything. */
    Step start(ByteBufAllocator alloc) {
        switch (method) {
            case TRUST:
                return knownUser ? Step.success(null) : Step.failure("unknown user");
            case PASSWORD:
                return Step.reply(Authentication.writeCleartextPassword(alloc));
            case MD5:
                md5Salt = new byte[4];
                random.nextBytes(md5Salt);
                return Step.reply(Authentication.writeMd5Password(alloc, md5Salt));
            default:
                return Step.reply(Authentication.writeSasl(alloc, List.of(SCRAM_SHA_256)));
        }
    }

    /** A password message ({@code 'p'}) from the client. */
    Step onPasswordMessage(ByteBuf frame, ByteBufAllocator alloc) {
        if (method == Method.MD5) {
            String response = PasswordMessages.password(frame);
            // Hashed for an unknown user too, so the answer takes as long either way.
            boolean matches = Md5Password.verify(secret != null ? secret : UNKNOWN_USER_SECRET, user, md5Salt,
                    response);
            boolean ok = knownUser && secret != null && matches;
            return ok ? Step.success(null) : Step.failure(knownUser ? "wrong password (md5)" : "unknown user");
        }
        if (method == Method.PASSWORD) {
            boolean ok = knownUser && secret != null && PlainPassword.matches(secret, user,
                    PasswordMessages.password(frame));
            return ok ? Step.success(null) : Step.failure(knownUser ? "wrong password (password)" : "unknown user");
        }
        if (method != Method.SCRAM) {
            return Step.failure("unexpected password message");
        }
        try {
            if (scram == null) {
                String mechanism = PasswordMessages.saslMechanism(frame);
                if (!SCRAM_SHA_256.equals(mechanism)) {
                    return Step.failure("client chose SASL mechanism " + mechanism);
                }
                scram = new ScramSha256Server(scramSecret, random);
                byte[] serverFirst = scram.serverFirst(PasswordMessages.saslInitialData(frame));
                return Step.reply(Authentication.writeSaslContinue(alloc, serverFirst));
            }
            byte[] serverFinal = scram.serverFinal(PasswordMessages.saslResponseData(frame));
            if (!knownUser) {
                return Step.failure("unknown user");
            }
            return Step.success(Authentication.writeSaslFinal(alloc, serverFinal));
        } catch (ScramException e) {
            return Step.failure(knownUser ? "SCRAM: " + e.getMessage() : "unknown user");
        }
    }
}
