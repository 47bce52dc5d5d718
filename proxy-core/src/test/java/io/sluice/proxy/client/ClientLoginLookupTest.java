package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.sluice.config.ConfigLoader;
import io.sluice.config.DatabaseConfig;
import io.sluice.config.SluiceConfig;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.auth.ScramSecret;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frame.StartupFrameDecoder;
import io.sluice.protocol.frontend.StartupMessage;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.auth.AuthLookup;
import io.sluice.proxy.auth.AuthSecretCache;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The login of a user without a configured password, on an {@link EmbeddedChannel}: nothing is sent until the
 * {@code auth.query} lookup answers, then the exchange starts against what it found, or the client is refused.
 */
class ClientLoginLookupTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<String> looked = new ArrayList<>();
    private final List<Promise<AuthLookup>> pending = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            ReferenceCountUtil.release(msg);
        }
        assertFalse(channel.finish());
    }

    @Test
    void theExchangeStartsWhenTheLookupFindsAVerifier() throws Exception {
        channel = channel("scram-sha-256");
        channel.writeInbound(startup("alice", "app"));
        assertNull(channel.readOutbound(), "nothing until the lookup answers");
        assertEquals(List.of("app/alice"), looked);

        pending.get(0).setSuccess(lookupFound(ScramSecret.generate("pw", RANDOM).encode()));
        ByteBuf sasl = channel.readOutbound();
        assertEquals(Authentication.SASL, Authentication.type(sasl));
        sasl.release();
        assertTrue(channel.isActive());
    }

    @Test
    void anUnknownUserGetsTheSameExchangeAsAKnownOne() throws Exception {
        channel = channel("md5");
        channel.writeInbound(startup("mallory", "app"));
        pending.get(0).setSuccess(new AuthLookup(null, null));
        ByteBuf challenge = channel.readOutbound();
        assertEquals(Authentication.MD5_PASSWORD, Authentication.type(challenge));
        challenge.release();
    }

    @Test
    void aFailedLookupRefusesTheClientWithItsError() throws Exception {
        channel = channel("scram-sha-256");
        channel.writeInbound(startup("alice", "app"));
        pending.get(0).setSuccess(new AuthLookup(null, ProxyErrors.authQueryLost("alice", "connection refused")));
        ByteBuf frame = channel.readOutbound();
        try {
            assertEquals(BackendTag.ERROR_RESPONSE, Frames.tag(frame));
            ErrorResponse error = ErrorResponse.read(frame);
            assertEquals(SqlState.CONNECTION_FAILURE, error.sqlState());
            assertTrue(error.message().contains("auth.query"), error.message());
        } finally {
            frame.release();
        }
        channel.runPendingTasks();
        assertFalse(channel.isActive());
    }

    @Test
    void theLookupRunsInAuthDatabaseAndAnUnknownTargetWithoutOneIs3D000() throws Exception {
        channel = channel("scram-sha-256");
        channel.writeInbound(startup("alice", "nope"));
        ByteBuf frame = channel.readOutbound();
        try {
            assertEquals(SqlState.INVALID_CATALOG_NAME, ErrorResponse.read(frame).sqlState());
        } finally {
            frame.release();
        }
        assertTrue(looked.isEmpty());
        channel.finishAndReleaseAll();

        channel = channel("scram-sha-256", "database: auth_db, ");
        channel.writeInbound(startup("alice", "app"));
        assertEquals(List.of("auth_db/alice"), looked);
        pending.get(0).setSuccess(new AuthLookup(null, null));
    }

    @Test
    void aClientThatLeavesDuringTheLookupIsForgotten() throws Exception {
        channel = channel("scram-sha-256");
        channel.writeInbound(startup("alice", "app"));
        channel.close();
        pending.get(0).setSuccess(lookupFound(ScramSecret.generate("pw", RANDOM).encode()));
        assertNull(channel.readOutbound());
    }

    @Test
    void aUserWithAConfiguredPasswordIsNotLookedUp() throws Exception {
        channel = channel("scram-sha-256");
        channel.writeInbound(startup("lookup", "app"));
        assertTrue(looked.isEmpty());
        ByteBuf sasl = channel.readOutbound();
        assertEquals(Authentication.SASL, Authentication.type(sasl));
        sasl.release();
    }

    private EmbeddedChannel channel(String auth) throws Exception {
        return channel(auth, "");
    }

    private EmbeddedChannel channel(String auth, String extraAuth) throws Exception {
        SluiceConfig config = ConfigLoader.parse("""
                listen: { port: 0 }
                auth: { type: %s, %suser: lookup }
                databases: { app: { port: 1 }, auth_db: { port: 1 } }
                users: { lookup: { password: "secret" } }
                """.formatted(auth, extraAuth), "test.yaml", Map.of());
        AuthSecretCache cache = new AuthSecretCache(this::fetch, Duration.ofSeconds(60), Duration.ofSeconds(5),
                System::nanoTime);
        ClientServices services = TestServices.of(config, cache);
        return new EmbeddedChannel(new StartupFrameDecoder(() -> new PgFrameDecoder(1 << 20, "dBF", 1 << 16)),
                new ClientLoginHandler(services));
    }

    private Future<AuthLookup> fetch(EventLoop loop, DatabaseConfig database, String user) {
        looked.add(database.name() + "/" + user);
        Promise<AuthLookup> promise = loop.newPromise();
        pending.add(promise);
        return promise;
    }

    private static AuthLookup lookupFound(String secret) {
        return new AuthLookup(secret, null);
    }

    private static ByteBuf startup(String user, String database) {
        return new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("user", user, "database", database))
                .write(ALLOC);
    }
}
