package io.sluice.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads made as Netty makes its event loops' threads ({@code FastThreadLocalThread}s), so that a
 * benchmark of the forward path meets Netty's object pools as Sluice does. Netty 4.2's {@code Recycler} pools
 * only on such threads: on JMH's own, every pooled buffer's object, derived slice and outbound entry is made anew,
 * and {@code gc.alloc.rate.norm} counts objects an event loop reuses.
 *
 * <p>Chosen with {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.sluice.bench.FastThreadLocalExecutor} in the
 * forked JVM ({@link #EXECUTOR}, {@link #EXECUTOR_CLASS}); JMH calls the {@code (int, String)} constructor.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor {

    /** For {@code @Fork(jvmArgsAppend = ...)}. */
    public static final String EXECUTOR = "-Djmh.executor=CUSTOM";
    public static final String EXECUTOR_CLASS = "-Djmh.executor.class=io.sluice.bench.FastThreadLocalExecutor";
    /**
     * Sluice runs with Netty's leak detector off ({@code SluiceCli}), which otherwise records one buffer in 128;
     * {@code -jvmArgsAppend -Dio.netty.leakDetection.level=paranoid} on the command line replaces these arguments.
     */
    public static final String LEAK_DETECTION_OFF = "-Dio.netty.leakDetection.level=disabled";

    public FastThreadLocalExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }
}
