package io.sluice.proxy.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.sluice.proxy.stats.PoolStats;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What a query costs the hot path in statistics: counters and three histograms, and no allocation. */
class RecordingAllocationTest {

    @Test
    void recordingIntoStatsAndHistogramsAllocatesNothing() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
        PoolStats stats = MetricsFixture.of("""
                auth: { type: trust }
                databases: { app: { port: 1 } }
                users: { alice: {} }
                """).pool("app", "alice").stats();

        record(stats, 200_000);
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        record(stats, 100_000);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < 4096, allocated + " bytes allocated for 100 000 recorded queries");
    }

    private static void record(PoolStats stats, int n) {
        for (int i = 0; i < n; i++) {
            long nanos = 50_000L + (i % 1000) * 37_000L;
            stats.serverAssigned(nanos / 10);
            stats.query(nanos, System.nanoTime());
            stats.transaction(nanos * 2, System.nanoTime());
            stats.received(64);
            stats.sent(512);
        }
    }
}
