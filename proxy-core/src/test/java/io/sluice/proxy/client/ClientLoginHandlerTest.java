package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The login phase on an {@link EmbeddedChannel}: what a client sees for each way it may start. */
class ClientLoginHandlerTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();

    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
        assertFalse(channel.finish());
    }

    @Test
    void sslRequestIsRefusedAndTheStartupInTheSameReadProceeds() throws Exception {
        channel = channel("scram-sha-256", 60);
        ByteBuf in = Unpooled.buffer();
        in.writeInt(8).writeInt(StartupMessage.SSL_REQUEST_CODE);
        ByteBuf startup = startup(StartupMessage.PROTOCOL_3_0, Map.of("user", "app"));
        in.writeBytes(startup);
        startup.release();
        channel.writeInbound(in);
        ByteBuf refusal = channel.readOutbound();
        assertEquals(1, refusal.readableBytes());
        assertEquals('N', refusal.readByte());
        refusal.release();
        ByteBuf sasl = channel.readOutbound();
        assertEquals(BackendTag.AUTHENTICATION, Frames.tag(sasl));
        assertEquals(Authentication.SASL, Authentication.type(sasl));
        assertEquals(List.of("SCRAM-SHA-256"), Authentication.saslMechanisms(sasl));
        sasl.release();
    }

    @Test
    void protocol32IsNegotiatedDownTo30() throws Exception {
        channel = channel("scram-sha-256", 60);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", "app");
        params.put("_pq_.future_option", "on");
        channel.writeInbound(startup((3 << 16) | 2, params));
        ByteBuf negotiate = channel.readOutbound();
        assertEquals(BackendTag.NEGOTIATE_PROTOCOL_VERSION, Frames.tag(negotiate));
        ByteBuf body = Frames.body(negotiate);
        assertEquals(0, body.readInt(), "newest minor version supported: 0, i.e. 3.0");
        assertEquals(1, body.readInt());
        assertEquals("_pq_.future_option", Frames.readCString(body));
        negotiate.release();
        ByteBuf sasl = channel.readOutbound();
        assertEquals(Authentication.SASL, Authentication.type(sasl));
        sasl.release();
    }

    @Test
    void unsupportedMajorVersionIsAProtocolViolation() throws Exception {
        channel = channel("scram-sha-256", 60);
        channel.writeInbound(startup(2 << 16, Map.of("user", "app")));
        assertError(SqlState.PROTOCOL_VIOLATION);
        assertFalse(channel.isActive());
    }

    @Test
    void missingUserIsRefused() throws Exception {
        channel = channel("trust", 60);
        channel.writeInbound(startup(StartupMessage.PROTOCOL_3_0, Map.of("database", "app")));
        assertError(SqlState.INVALID_AUTHORIZATION);
    }

    @Test
    void trustStillRequiresAKnownUserAndSaysSoLikeAWrongPassword() throws Exception {
        channel = channel("trust", 60);
        channel.writeInbound(startup(StartupMessage.PROTOCOL_3_0, Map.of("user", "mallory")));
        ErrorResponse error = assertError(SqlState.INVALID_PASSWORD);
        assertEquals("password authentication failed for user \"mallory\"", error.message());
    }

    @Test
    void cancelRequestWithAnUnknownKeyClosesQuietly() throws Exception {
        channel = channel("scram-sha-256", 60);
        channel.writeInbound(new CancelRequest(1234, 5678).write(ALLOC));
        assertNull(channel.readOutbound());
        assertFalse(channel.isActive());
    }

    @Test
    void halfAStartupPacketIsClosedAtTheLoginTimeout() throws Exception {
        channel = channel("scram-sha-256", 2);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 40, 0, 3}));
        assertNull(channel.readOutbound());
        channel.advanceTimeBy(3, TimeUnit.SECONDS);
        channel.runPendingTasks();
        ErrorResponse error = assertError(SqlState.PROTOCOL_VIOLATION);
        assertTrue(error.message().contains("listen.client_login_timeout"), error.message());
    }

    private ErrorResponse assertError(String sqlState) {
        ByteBuf frame = channel.readOutbound();
        try {
            assertEquals(BackendTag.ERROR_RESPONSE, Frames.tag(frame));
            ErrorResponse error = ErrorResponse.read(frame);
            assertEquals(sqlState, error.sqlState(), error.toString());
            channel.runPendingTasks();
            assertFalse(channel.isActive(), "the client is closed after the error");
            return error;
        } finally {
            frame.release();
        }
    }

    private static ByteBuf startup(int version, Map<String, String> params) {
        return new StartupMessage(version, params).write(ALLOC);
    }

    private static EmbeddedChannel channel(String auth, int loginTimeoutSeconds) throws Exception {
        SluiceConfig config = ConfigLoader.parse("""
                listen: { port: 0, client_login_timeout: %ds }
                auth: { type: %s }
                databases: { app: { port: 1 } }
                users: { app: { password: "secret" } }
                """.formatted(loginTimeoutSeconds, auth), "test.yaml", Map.of());
        SecureRandom random = new SecureRandom();
        ClientServices services = new ClientServices(config, new PoolRegistry(config, null, null),
                new CancelRegistry(random, null), new UserSecrets(config.users().values(), random), random,
                new AtomicInteger(), "test", new io.sluice.proxy.prepared.StatementRegistry(),
                io.sluice.proxy.tls.TlsContexts.disabled());
        return new EmbeddedChannel(
                new StartupFrameDecoder(() -> new PgFrameDecoder(1 << 20, "dBF", 1 << 16)),
                new ClientLoginHandler(services));
    }

}
