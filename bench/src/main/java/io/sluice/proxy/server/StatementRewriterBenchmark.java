package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.sluice.bench.FastThreadLocalExecutor;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.prepared.ClientStatements;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.ServerStatements;
import io.sluice.proxy.prepared.StatementKey;
import io.sluice.proxy.prepared.StatementRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link StatementRewriter} alone, one client message per operation, with a sink that releases what it is given
 * (the server connection's writing and tracking are in {@link ForwardPathBenchmark}).
 *
 * <ul>
 *   <li>{@link #bindNamed}: {@code Bind} of a statement the client prepared and the server holds: looked up,
 *       renamed to {@code sluice_<n>} (a new header and a slice of the rest).</li>
 *   <li>{@link #parseUnnamed}: an unnamed {@code Parse} (every {@code -M extended} query), forwarded as is.</li>
 *   <li>{@link #parseNamedKnown}: a named {@code Parse} of a statement the server already holds (answered
 *       {@code ParseComplete} by the proxy), then the client's {@code Close} of it (answered too), as a driver
 *       that prepares per transaction does.</li>
 *   <li>{@link #executeSync}: {@code Execute} then {@code Sync}, which only pass through: the dispatch cost.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {FastThreadLocalExecutor.EXECUTOR, FastThreadLocalExecutor.EXECUTOR_CLASS,
        FastThreadLocalExecutor.LEAK_DETECTION_OFF})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class StatementRewriterBenchmark {

    private StatementRewriter rewriter;
    private ByteBuf bind;
    private ByteBuf parseUnnamed;
    private ByteBuf parseNamed;
    private ByteBuf closeNamed;
    private ByteBuf execute;
    private ByteBuf sync;
    private int sent;

    @Setup(Level.Trial)
    public void setUp() {
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        PreparedStatements prepared = new PreparedStatements(new ClientStatements(10_000), new StatementRegistry(),
                200);
        rewriter = new StatementRewriter(new ServerStatements(200), prepared, alloc, new ReleasingSink());
        bind = build(alloc, b -> WireMessages.bind(b, "", "P0_1", WireMessages.AID));
        parseUnnamed = build(alloc, b -> WireMessages.parse(b, "", WireMessages.SELECT));
        parseNamed = build(alloc, b -> WireMessages.parse(b, "S_1", WireMessages.SELECT, 23));
        closeNamed = build(alloc, b -> WireMessages.close(b, 'S', "S_1"));
        execute = build(alloc, WireMessages::execute);
        sync = build(alloc, WireMessages::sync);
        // P0_1 prepared once, as pgbench -M prepared does; the server now holds it.
        ByteBuf prepare = build(alloc, b -> WireMessages.parse(b, "P0_1", WireMessages.SELECT, 23));
        rewriter.handle(prepare);
        sent = 0;
        bindNamed();
        if (sent != 1 || prepared.client().get("P0_1") == null) {
            throw new IllegalStateException("the named Bind was not rewritten");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf buf : new ByteBuf[] {bind, parseUnnamed, parseNamed, closeNamed, execute, sync}) {
            if (buf.refCnt() != 1) {
                throw new IllegalStateException("leak: refCnt " + buf.refCnt());
            }
            buf.release();
        }
    }

    @Benchmark
    public int bindNamed() {
        rewriter.handle(bind.retainedDuplicate());
        return sent;
    }

    @Benchmark
    public int parseUnnamed() {
        rewriter.handle(parseUnnamed.retainedDuplicate());
        return sent;
    }

    @Benchmark
    public int parseNamedKnown() {
        rewriter.handle(parseNamed.retainedDuplicate());
        rewriter.handle(closeNamed.retainedDuplicate());
        return sent;
    }

    @Benchmark
    public int executeSync() {
        rewriter.handle(execute.retainedDuplicate());
        rewriter.handle(sync.retainedDuplicate());
        return sent;
    }

    private static ByteBuf build(PooledByteBufAllocator alloc, java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf buf = alloc.directBuffer();
        writer.accept(buf);
        return buf;
    }

    /** Stands in for the server connection: counts and releases. */
    private final class ReleasingSink implements StatementRewriter.Sink {
        @Override
        public void send(ByteBuf frame, MessageTracker.Kind kind, MessageTracker.Action action,
                MessageTracker.Outcome outcome) {
            sent++;
            if (outcome != null) {
                outcome.done(true);
            }
            frame.release();
        }

        @Override
        public void answer(ByteBuf reply) {
            sent++;
            reply.release();
        }

        @Override
        public void refuse(ErrorResponse error) {
            throw new IllegalStateException("refused: " + error);
        }

        @Override
        public void bindFailed(String name, StatementKey key) {
            throw new IllegalStateException("bind failed: " + name);
        }
    }
}
