package io.sluice.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.sluice.config.PoolMode;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.net.Transport;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.server.ServerTarget;
import io.sluice.proxy.stats.ConnectFailure;
import io.sluice.proxy.tls.TlsContexts;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sluice out of file descriptors when it opens a server connection: the client is told so, and the pool tries
 * again after a second, not after {@code server_login_retry} as when PostgreSQL refused it. The socket's creation
 * fails the way Netty reports EMFILE (no PostgreSQL is involved: the connection never reaches a socket).
 */
class OutOfDescriptorsTest {

    private static final AtomicInteger ATTEMPTS = new AtomicInteger();

    /** A socket channel whose creation fails as at the open-file limit. */
    public static final class NoDescriptorChannel extends NioSocketChannel {
        public NoDescriptorChannel() {
            super(noSocket());
        }

        private static SocketChannel noSocket() {
            ATTEMPTS.incrementAndGet();
            throw new ChannelException("Failed to open a socket.",
                    new IOException("newSocketStream(..) failed: Too many open files"));
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void theClientIsToldAndThePoolTriesAgainAfterASecond() throws Exception {
        Transport transport = new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NoDescriptorChannel.class, NioServerSocketChannel.class, NoDescriptorChannel.class,
                NioDatagramChannel.class);
        ServerConnector connector = new ServerConnector(transport, DefaultAddressResolverGroup.INSTANCE,
                new SecureRandom(), null, TlsContexts.disabled());
        ServerTarget target = new ServerTarget("127.0.0.1", 5432, "db", "user", null, Duration.ofSeconds(5), 1 << 20);
        Duration loginRetry = Duration.ofSeconds(15);
        PoolSettings settings = new PoolSettings(target, PoolMode.TRANSACTION, 20, 0, Duration.ofSeconds(30),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, "", Duration.ofSeconds(5), loginRetry, Duration.ZERO, "",
                0, Duration.ZERO);
        Pool pool = new Pool(new PoolKey("db", "user"), settings, connector, group, new ConnectionLimits(0, 0));
        Client client = new Client(group.next());
        ATTEMPTS.set(0);

        pool.acquire(client);
        ErrorResponse error = client.failures.poll(5, TimeUnit.SECONDS);
        assertNotNull(error, "no answer");
        assertEquals(SqlState.CONNECTION_FAILURE, error.sqlState());
        assertTrue(error.message().contains("out of file descriptors") && error.message().contains("ulimit -n"),
                error.message());
        assertEquals(1, ATTEMPTS.get());
        assertEquals(1, pool.stats().connectFailures(ConnectFailure.NO_DESCRIPTORS));

        pool.acquire(client);
        assertNotNull(client.failures.poll(5, TimeUnit.SECONDS));
        assertEquals(1, ATTEMPTS.get(), "within the second: failed at once, no new attempt");

        // A client asks every 100 ms (from the pool's loop, as a real client would) until the pool tries again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ATTEMPTS.get() < 2 && System.nanoTime() < deadline) {
            group.schedule(() -> pool.acquire(client), 100, TimeUnit.MILLISECONDS);
            assertNotNull(client.failures.poll(5, TimeUnit.SECONDS), "no answer");
        }
        assertEquals(2, ATTEMPTS.get(), "within 5 s (not server_login_retry's " + loginRetry + "): tried again");
    }

    private static final class Client implements Pool.Requester {
        private final EventLoop loop;
        final BlockingQueue<ErrorResponse> failures = new LinkedBlockingQueue<>();

        Client(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public void onServer(ServerConnection server) {
            throw new AssertionError("no server can be opened");
        }

        @Override
        public void onAcquireFailed(ErrorResponse error) {
            failures.add(error);
        }
    }
}
