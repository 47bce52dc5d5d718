package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.bench.FastThreadLocalExecutor;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frontend.FrontendFrames;
import io.sluice.proxy.prepared.ClientStatements;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.PoolStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code pgbench -S} transaction through the proxy's forward path, without sockets: the client's bytes go
 * through the client-side {@link PgFrameDecoder} into {@link ServerConnection#send} and out of the server
 * channel; PostgreSQL's reply bytes go through the server-side decoder, which hands the plain replies to
 * {@link ServerConnection#run} as one run and the rest to {@link ServerConnection#channelRead}, into the client
 * channel. The client-side decoder hands the messages that need no decision of the rewriter to the stand-in for
 * {@code ClientConnection} as one run, as the proxy does. Both channels are {@link EmbeddedChannel}s; whatever reaches either end is read back and released,
 * and the teardown fails on a leak.
 *
 * <p>What it leaves out: the sockets, {@code ClientConnection} (it needs a pool; a stand-in handler joins runs,
 * forwards and flushes as it does) and the pool's acquire and release: the server stays attached to one client.
 *
 * <ul>
 *   <li>{@code mode}: {@code simple} (Query), {@code extended} (unnamed Parse, Bind, Describe, Execute, Sync) or
 *       {@code prepared} (Bind of a named statement, Describe, Execute, Sync).</li>
 *   <li>{@code tracked}: prepared-statement tracking on (the default in transaction mode:
 *       {@code StatementRewriter} and {@code MessageTracker} see every message) or off
 *       ({@code pool.max_prepared_statements: 0}).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {FastThreadLocalExecutor.EXECUTOR, FastThreadLocalExecutor.EXECUTOR_CLASS,
        FastThreadLocalExecutor.LEAK_DETECTION_OFF})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class ForwardPathBenchmark {

    @Param({"simple", "extended", "prepared"})
    public String mode;

    @Param({"true", "false"})
    public boolean tracked;

    private EmbeddedChannel clientChannel;
    private EmbeddedChannel serverChannel;
    private ServerConnection server;
    private ByteBuf request;
    private ByteBuf reply;
    private int requestsMoved;
    private int repliesMoved;

    @Setup(Level.Trial)
    public void setUp() {
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        serverChannel = new EmbeddedChannel();
        serverChannel.config().setAllocator(alloc);
        ServerTarget target = new ServerTarget("127.0.0.1", 5432, "bench", "bench", null, Duration.ofSeconds(5),
                256 << 20);
        server = new ServerConnection(serverChannel, target, new ServerParameters(),
                new BackendKeyData(1, 2), new NoOwner(), null);
        PgFrameDecoder replies =
                new PgFrameDecoder(256 << 20, ServerConnector.STREAMED_SERVER_TAGS, ServerConnector.CHUNK_THRESHOLD);
        replies.runs(server);
        serverChannel.pipeline().addLast(replies, server);

        clientChannel = new EmbeddedChannel();
        clientChannel.config().setAllocator(alloc);
        PgFrameDecoder requests = new PgFrameDecoder(256 << 20, "dF", 64 * 1024);
        Forwarder forwarder = new Forwarder(server, tracked);
        requests.runs(forwarder);
        clientChannel.pipeline().addLast(requests, forwarder);
        PreparedStatements prepared = tracked
                ? new PreparedStatements(new ClientStatements(10_000), new StatementRegistry(), 200) : null;
        if (!server.attach(new Client(clientChannel), false, prepared)) {
            throw new IllegalStateException("attach failed");
        }

        request = alloc.directBuffer();
        reply = alloc.directBuffer();
        switch (mode) {
            case "simple" -> {
                WireMessages.query(request, WireMessages.SELECT_LITERAL);
                WireMessages.selectResult(reply);
                WireMessages.readyForQuery(reply);
            }
            case "extended" -> {
                WireMessages.parse(request, "", WireMessages.SELECT);
                WireMessages.bind(request, "", "", WireMessages.AID);
                WireMessages.describe(request, 'P', "");
                WireMessages.execute(request);
                WireMessages.sync(request);
                WireMessages.empty(reply, '1');
                WireMessages.empty(reply, '2');
                WireMessages.selectResult(reply);
                WireMessages.readyForQuery(reply);
            }
            case "prepared" -> {
                // pgbench -M prepared: the statement is prepared once per connection, then only bound.
                ByteBuf prepare = alloc.directBuffer();
                WireMessages.parse(prepare, "P0_1", WireMessages.SELECT, 23);
                WireMessages.sync(prepare);
                ByteBuf prepared1 = alloc.directBuffer();
                WireMessages.empty(prepared1, '1');
                WireMessages.readyForQuery(prepared1);
                exchange(prepare, prepared1);
                WireMessages.bind(request, "", "P0_1", WireMessages.AID);
                WireMessages.describe(request, 'P', "");
                WireMessages.execute(request);
                WireMessages.sync(request);
                WireMessages.empty(reply, '2');
                WireMessages.selectResult(reply);
                WireMessages.readyForQuery(reply);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        // Sanity check: the transaction must go through both ways, or a fast benchmark means nothing.
        exchange(request.retainedDuplicate(), reply.retainedDuplicate());
        // The replies, ReadyForQuery included, go to the client as one run, and so does the request; but a tracked
        // client's Bind of a named statement goes alone (it is renamed), before the rest of its request.
        int expectedReplies = 1;
        int expectedRequests = mode.equals("prepared") && tracked ? 2 : 1;
        if (requestsMoved != expectedRequests || repliesMoved != expectedReplies) {
            throw new IllegalStateException(
                    "forwarded " + requestsMoved + " requests and " + repliesMoved + " replies");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        // Closing writes a Terminate to PostgreSQL: expected, so drained before looking for leftovers.
        drainOutbound(serverChannel);
        boolean leftovers = clientChannel.finishAndReleaseAll() | serverChannel.finishAndReleaseAll();
        int refCnt = request.refCnt() + reply.refCnt();
        request.release();
        reply.release();
        if (leftovers || refCnt != 2) {
            throw new IllegalStateException("leak: leftovers=" + leftovers + ", refCnt=" + refCnt);
        }
    }

    /** One transaction: the request from the client to PostgreSQL, the reply back. Returns the messages moved. */
    @Benchmark
    public int transaction() {
        exchange(request.retainedDuplicate(), reply.retainedDuplicate());
        return requestsMoved + repliesMoved;
    }

    /**
     * Moves the request and the reply and counts the messages each way. Reads are fired into the pipelines as
     * {@code EmbeddedChannel.writeInbound} does, without its varargs array, so the harness itself makes nothing per
     * transaction and {@code gc.alloc.rate.norm} is the forward path's.
     */
    private void exchange(ByteBuf requestBytes, ByteBuf replyBytes) {
        read(clientChannel, requestBytes);
        requestsMoved = drainOutbound(serverChannel);
        read(serverChannel, replyBytes);
        repliesMoved = drainOutbound(clientChannel);
    }

    private static void read(EmbeddedChannel channel, ByteBuf bytes) {
        channel.pipeline().fireChannelRead(bytes).fireChannelReadComplete();
        channel.runPendingTasks();
        channel.checkException();
    }

    /** Releases what was written to {@code channel}; counts the messages (a composite counts as one). */
    private static int drainOutbound(EmbeddedChannel channel) {
        int n = 0;
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(msg);
            n++;
        }
        return n;
    }

    /**
     * Does what {@code ClientConnection} does once attached: forwards runs of messages and the messages that cannot
     * join one, flushes once per read batch.
     */
    private static final class Forwarder extends ChannelInboundHandlerAdapter implements PgFrameDecoder.Runs {
        private final ServerConnection server;
        private final boolean tracked;

        Forwarder(ServerConnection server, boolean tracked) {
            this.server = server;
            this.tracked = tracked;
        }

        @Override
        public boolean joins(ByteBuf in, int start, byte tag, int total) {
            if (!ServerConnection.forwardsUnchanged(in, start, total, tracked)) {
                return false;
            }
            FrontendFrames.check(in, start, total);
            return true;
        }

        @Override
        public void run(ByteBuf messages) {
            server.send(messages);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            server.send(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            server.flush();
        }
    }

    private static final class Client implements ServerClient {
        private final Channel channel;

        Client(Channel channel) {
            this.channel = channel;
        }

        @Override
        public long id() {
            return 1;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public void onReadyForQuery(TransactionStatus status, int stillInFlight) {
            // The server stays attached: the pool is not part of this benchmark.
        }

        @Override
        public void onParameterStatus(String name, String value) {
        }

        @Override
        public void onSettingsReset() {
        }

        @Override
        public void serverWritabilityChanged() {
        }

        @Override
        public void onServerLost(ErrorResponse error) {
            if (channel.isActive()) {
                throw new IllegalStateException("server lost: " + error);
            }
        }
    }

    private static final class NoOwner implements ServerConnection.Owner {
        private final PoolStats stats = new PoolStats();

        @Override
        public PoolStats stats() {
            return stats;
        }

        @Override
        public void release(ServerConnection server) {
        }

        @Override
        public void closed(ServerConnection server) {
        }
    }
}
