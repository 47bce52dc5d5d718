package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.auth.Md5Password;
import io.sluice.protocol.auth.ScramKeys;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.auth.ScramSha256Client;
import io.sluice.protocol.auth.ScramSha256Server;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frontend.PasswordMessages;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Logging into "PostgreSQL" (a {@link ScramSha256Server} or an md5 check, on an {@link EmbeddedChannel}) with what a
 * client proved instead of a password, and what happens when PostgreSQL refuses it.
 */
class ServerLoginPassThroughTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String USER = "alice";

    private final AtomicInteger evictions = new AtomicInteger();
    private final PassThroughSecret holder = new PassThroughSecret(evictions::incrementAndGet);
    private EmbeddedChannel channel;
    private Promise<Channel> result;

    @Test
    void scramKeysRecoveredFromAClientLogIntoPostgres() {
        ScramSecret stored = ScramSecret.generate("pw", RANDOM);
        holder.offer(new PassThroughSecret.Secret(keysOfALogin(stored, "pw"), null));
        start();

        // SASL: Sluice answers from the keys; PostgreSQL (the same verifier) accepts the proof.
        ScramSha256Server postgres = new ScramSha256Server(stored, RANDOM);
        channel.writeInbound(Authentication.writeSasl(ALLOC, List.of("SCRAM-SHA-256")));
        ByteBuf initial = channel.readOutbound();
        byte[] serverFirst = postgres.serverFirst(PasswordMessages.saslInitialData(initial));
        initial.release();
        channel.writeInbound(Authentication.writeSaslContinue(ALLOC, serverFirst));
        ByteBuf response = channel.readOutbound();
        byte[] serverFinal = postgres.serverFinal(PasswordMessages.saslResponseData(response));
        response.release();
        channel.writeInbound(Authentication.writeSaslFinal(ALLOC, serverFinal));
        channel.writeInbound(Authentication.writeOk(ALLOC));
        channel.writeInbound(ReadyForQuery.write(ALLOC, TransactionStatus.IDLE));

        assertSame(channel, result.getNow());
        assertEquals(0, evictions.get());
        assertFalse(channel.finish());
    }

    @Test
    void aNewSaltMeansANewPasswordTheKeysAreDroppedAndTheLookupEvicted() {
        holder.offer(new PassThroughSecret.Secret(keysOfALogin(ScramSecret.generate("old", RANDOM), "old"), null));
        start();
        ScramSha256Server postgres = new ScramSha256Server(ScramSecret.generate("new", RANDOM), RANDOM);
        channel.writeInbound(Authentication.writeSasl(ALLOC, List.of("SCRAM-SHA-256")));
        ByteBuf initial = channel.readOutbound();
        byte[] serverFirst = postgres.serverFirst(PasswordMessages.saslInitialData(initial));
        initial.release();
        channel.writeInbound(Authentication.writeSaslContinue(ALLOC, serverFirst));

        ServerLoginException e = (ServerLoginException) result.cause();
        assertEquals(SqlState.CONNECTION_FAILURE, e.error().sqlState());
        assertTrue(e.error().message().contains("password was changed"), e.error().message());
        assertNull(holder.current());
        assertEquals(1, evictions.get());
        assertNull(channel.readOutbound(), "no proof was sent");
        assertFalse(channel.finish());
    }

    @Test
    void theStoredMd5HashAnswersMd5AndARefusalEvicts() {
        String hash = Md5Password.hash("pw", USER);
        holder.offer(new PassThroughSecret.Secret(null, hash));
        start();
        byte[] salt = {1, 2, 3, 4};
        channel.writeInbound(Authentication.writeMd5Password(ALLOC, salt));
        ByteBuf password = channel.readOutbound();
        assertEquals(Md5Password.response("pw", USER, salt), PasswordMessages.password(password));
        password.release();

        channel.writeInbound(ErrorResponse.of("FATAL", SqlState.INVALID_PASSWORD,
                "password authentication failed for user \"alice\"").write(ALLOC));
        assertEquals(SqlState.CONNECTION_FAILURE, ((ServerLoginException) result.cause()).error().sqlState());
        assertNull(holder.current());
        assertEquals(1, evictions.get());
        assertFalse(channel.finish());
    }

    @Test
    void withoutALoginYetThePoolCannotLogInAndSaysWhy() {
        start();
        channel.writeInbound(Authentication.writeSasl(ALLOC, List.of("SCRAM-SHA-256")));
        String message = ((ServerLoginException) result.cause()).error().message();
        assertTrue(message.contains("no client of this user has logged in"), message);
        assertEquals(0, evictions.get());
        assertFalse(channel.finish());
    }

    /** A client logs in with {@code password} against {@code stored}; the keys the proxy recovers from it. */
    private static ScramKeys keysOfALogin(ScramSecret stored, String password) {
        ScramSha256Server proxy = new ScramSha256Server(stored, RANDOM);
        ScramSha256Client client = new ScramSha256Client(password, RANDOM);
        client.verifyServerFinal(proxy.serverFinal(client.clientFinal(proxy.serverFirst(client.clientFirst()))));
        return proxy.clientKeys();
    }

    private void start() {
        ServerTarget target = new ServerTarget("127.0.0.1", 5432, "app", USER, null, Duration.ofSeconds(5), 1 << 20,
                holder);
        channel = new EmbeddedChannel();
        result = channel.eventLoop().newPromise();
        channel.pipeline().addLast(new ServerLogin<>(target, result, (ctx, parameters, key) -> {
            ctx.pipeline().remove(ctx.handler());
            return ctx.channel();
        }, RANDOM));
        channel.pipeline().fireChannelActive();
        ByteBuf startup = channel.readOutbound();
        startup.release();
    }
}
