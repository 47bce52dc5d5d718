package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.stats.PoolStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server session that PostgreSQL ends: it leaves the pool at its FATAL error, and the requests the proxy injects
 * ({@code server_check_query}, settings, resets) are always answered, also when the session closes around them:
 * whoever injected one (a client waiting for a server) must never wait for a reply that cannot come.
 */
class ServerConnectionClosingTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<ServerConnection> closed = new ArrayList<>();
    private final ServerConnection server = new ServerConnection(channel,
            new ServerTarget("127.0.0.1", 5432, "app", "alice", null, Duration.ofSeconds(5), 1 << 20),
            new ServerParameters(), new BackendKeyData(4242, 7), new ServerConnection.Owner() {
                private final PoolStats stats = new PoolStats();

                @Override
                public void release(ServerConnection s) {
                }

                @Override
                public void closed(ServerConnection s) {
                    closed.add(s);
                }

                @Override
                public PoolStats stats() {
                    return stats;
                }
            }, null);
    private final List<ErrorResponse> answers = new ArrayList<>();

    @AfterEach
    void drain() {
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ((ByteBuf) out).release();
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestInjectedIntoAServerThatClosedMeanwhileIsAnsweredWithTheLoss() {
        channel.pipeline().addLast(server);
        // PostgreSQL dropped the idle session (its FATAL, then the end of the stream) after the pool chose it.
        channel.close();
        assertEquals(List.of(server), closed);
        assertFalse(server.isReusable());

        server.inject("SELECT 1", answers::add);

        assertEquals(1, answers.size(), "answered at once, not left waiting for a reply");
        ErrorResponse error = answers.get(0);
        assertNotNull(error);
        assertEquals("08006", error.sqlState());
        assertTrue(error.message().contains("closed"), error.message());
    }

    @Test
    void aRequestInFlightWhenTheServerClosesIsAnsweredWithTheLoss() {
        channel.pipeline().addLast(server);
        server.inject("SELECT 1", answers::add);
        assertTrue(answers.isEmpty(), "waiting for PostgreSQL's reply");

        channel.close();

        assertEquals(1, answers.size());
        assertEquals("08006", answers.get(0).sqlState());
    }

    @Test
    void anIdleServerThatPostgresEndsLeavesThePoolAtItsFatalError() {
        channel.pipeline().addLast(server);
        assertTrue(server.isReusable());

        channel.writeInbound(ErrorResponse.of("FATAL", "57P01", "terminating connection due to administrator command")
                .write(channel.alloc()));

        assertEquals(List.of(server), closed, "closed before PostgreSQL's end of stream");
        assertFalse(server.isReusable());
        assertFalse(channel.isActive());
    }

    @Test
    void aRequestOnAnOpenServerWaitsForItsReply() {
        channel.pipeline().addLast(server);
        server.inject("SELECT 1", answers::add);

        ByteBuf query = channel.readOutbound();
        assertNotNull(query, "the query went to PostgreSQL");
        assertEquals('Q', query.getByte(0));
        query.release();
        assertTrue(answers.isEmpty());
        assertNull(channel.readOutbound());
    }
}
