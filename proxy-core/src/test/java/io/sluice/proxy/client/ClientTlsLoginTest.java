package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.tls.TlsContexts;
import io.sluice.testing.TestPki;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSLRequest, TLS requirements and access rules in the login phase, on an {@link EmbeddedChannel}. */
class ClientTlsLoginTest {

    @TempDir
    static Path dir;

    private static TestPki.Issued cert;

    private EmbeddedChannel channel;

    @BeforeAll
    static void certificates() {
        cert = TestPki.authority(dir, "Unit CA").issue("sluice", "localhost", "localhost");
    }

    @AfterEach
    void finish() {
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ReferenceCountUtil.release(msg);
        }
        channel.close();
        channel.runPendingTasks();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ReferenceCountUtil.release(msg);
        }
        assertFalse(channel.finish());
    }

    @Test
    void sslRequestIsAcceptedAndTlsGoesFirstInThePipeline() throws Exception {
        channel = channel("allow", "");
        channel.writeInbound(sslRequest());
        ByteBuf answer = channel.readOutbound();
        assertEquals('S', answer.readByte());
        answer.release();
        assertSame(SslHandler.class, channel.pipeline().first().getClass());
    }

    @Test
    void sslRequestIsDeclinedWhenTlsIsOff() throws Exception {
        channel = channel("disable", "");
        channel.writeInbound(sslRequest());
        ByteBuf answer = channel.readOutbound();
        assertEquals('N', answer.readByte());
        answer.release();
        assertNull(channel.pipeline().get(SslHandler.class));
    }

    @Test
    void bytesPipelinedAfterSslRequestAreAProtocolViolation() throws Exception {
        channel = channel("allow", "");
        ByteBuf in = sslRequest();
        in.writeBytes(new byte[] {0x16, 3, 1});
        channel.writeInbound(in);
        assertTrue(assertError(SqlState.PROTOCOL_VIOLATION).message().contains("before the TLS handshake"));
        assertNull(channel.pipeline().get(SslHandler.class));
    }

    @Test
    void plainStartupIsRefusedWhenTlsIsRequired() throws Exception {
        channel = channel("require", "");
        channel.writeInbound(startup("app"));
        ErrorResponse error = assertError(SqlState.INVALID_AUTHORIZATION);
        assertEquals("TLS is required to connect to Sluice (client_tls.mode require)", error.message());
    }

    @Test
    void plainStartupProceedsWhenTlsIsOnlyAllowed() throws Exception {
        channel = channel("prefer", "");
        channel.writeInbound(startup("app"));
        ByteBuf request = channel.readOutbound();
        assertEquals(BackendTag.AUTHENTICATION, Frames.tag(request));
        assertEquals(Authentication.SASL, Authentication.type(request));
        request.release();
    }

    @Test
    void clientNoRuleMatchesIsRefusedBeforeAnyPasswordExchange() throws Exception {
        channel = channel("disable", "hba: [ { user: admin, method: trust } ]\n");
        channel.writeInbound(startup("app"));
        ErrorResponse error = assertError(SqlState.INVALID_AUTHORIZATION);
        assertTrue(error.message().startsWith("no hba rule for host"), error.message());
        assertTrue(error.message().endsWith("user \"app\", database \"app\", no encryption"), error.message());
    }

    @Test
    void matchingRuleChoosesTheMethod() throws Exception {
        channel = channel("disable", "hba: [ { user: app, method: md5 } ]\n");
        channel.writeInbound(startup("app"));
        ByteBuf request = channel.readOutbound();
        assertEquals(Authentication.MD5_PASSWORD, Authentication.type(request), "md5, not auth.type");
        request.release();
    }

    @Test
    void tlsRequiredRuleDoesNotMatchPlainClients() throws Exception {
        channel = channel("allow", "hba:\n  - { user: app, tls: required, method: trust }\n"
                + "  - { user: app, method: reject }\n");
        channel.writeInbound(startup("app"));
        assertTrue(assertError(SqlState.INVALID_AUTHORIZATION).message().startsWith("hba rejects connection"));
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

    private static ByteBuf sslRequest() {
        return Unpooled.buffer().writeInt(8).writeInt(StartupMessage.SSL_REQUEST_CODE);
    }

    private static ByteBuf startup(String user) {
        return new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", user, "database", "app"))
                .write(Unpooled.buffer().alloc());
    }

    private static EmbeddedChannel channel(String tlsMode, String hba) throws Exception {
        SluiceConfig config = ConfigLoader.parse("""
                listen: { port: 0 }
                auth: { type: scram-sha-256 }
                client_tls: { mode: %s, cert_file: %s, key_file: %s }
                databases: { app: { port: 1 } }
                users: { app: { password: "secret" } }
                """.formatted(tlsMode, cert.cert(), cert.key()) + hba, "test.yaml", Map.of());
        ClientServices services = TestServices.of(config, null,
                TlsContexts.create(config.clientTls(), config.serverTls()));
        return new EmbeddedChannel(
                new StartupFrameDecoder(() -> new PgFrameDecoder(1 << 20, "dBF", 1 << 16)),
                new ClientLoginHandler(services));
    }
}
