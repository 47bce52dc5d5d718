package io.sluice.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.sluice.config.PoolMode;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.server.ServerTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's queue of waiting clients: which one a released server goes to, and the wait timer's sweep. */
class WaitQueueTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final EventLoop loopA = new DefaultEventLoop();
    private final EventLoop loopB = new DefaultEventLoop();
    private final AtomicInteger checks = new AtomicInteger();
    private final WaitQueue queue = new WaitQueue(checks::incrementAndGet);

    @AfterEach
    void stopLoops() {
        loopA.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        loopB.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aReleasedServerGoesToTheLongestWaiterOnItsOwnLoopWithinTheSlack() {
        Requester a1 = new Requester(loopA);
        Requester b1 = new Requester(loopB);
        Requester a2 = new Requester(loopA);
        PoolSettings never = settings(Duration.ZERO, Duration.ZERO);
        queue.add(b1, 0, never);
        queue.add(a1, 2 * MS, never);
        queue.add(a2, 4 * MS, never);
        // b1 waited 2 ms longer than a1: within the 10 ms slack, loop A's server goes to a1.
        assertSame(a1, queue.nextFor(loopA));
        assertSame(b1, queue.nextFor(loopB));
        assertSame(a2, queue.nextFor(loopB), "nobody on loop B: the head, whatever its loop");
        assertNull(queue.nextFor(loopA));
    }

    @Test
    void theHeadIsServedFirstOnceItWaitedLongerThanTheSlack() {
        Requester b1 = new Requester(loopB);
        Requester a1 = new Requester(loopA);
        PoolSettings never = settings(Duration.ZERO, Duration.ZERO);
        queue.add(b1, 0, never);
        queue.add(a1, 11 * MS, never);
        assertSame(b1, queue.nextFor(loopA));
    }

    @Test
    void theSweepExpiresWaitersPastTheTimeoutAndNoticesOthersOnce() {
        PoolSettings settings = settings(Duration.ofSeconds(10), Duration.ofSeconds(2));
        Requester old = new Requester(loopA);
        Requester young = new Requester(loopB);
        queue.add(old, 0, settings);
        queue.add(young, TimeUnit.SECONDS.toNanos(7), settings);
        List<Pool.Requester> expired = new ArrayList<>();
        List<Pool.Requester> notify = new ArrayList<>();
        queue.sweep(TimeUnit.SECONDS.toNanos(10), settings, expired, notify);
        assertEquals(List.of(old), expired);
        assertEquals(List.of(young), notify);
        assertEquals(1, queue.size());
        expired.clear();
        notify.clear();
        queue.sweep(TimeUnit.SECONDS.toNanos(11), settings, expired, notify);
        assertTrue(expired.isEmpty());
        assertTrue(notify.isEmpty(), "the notice goes once per wait");
        assertTrue(queue.remove(young));
        assertFalse(queue.remove(young));
        assertTrue(queue.isEmpty());
    }

    @Test
    void aReusedNodeStartsAFreshWaitWithItsOwnNoticeAndTime() {
        PoolSettings settings = settings(Duration.ZERO, Duration.ofSeconds(2));
        Requester first = new Requester(loopA);
        queue.add(first, 0, settings);
        List<Pool.Requester> notify = new ArrayList<>();
        queue.sweep(TimeUnit.SECONDS.toNanos(3), settings, new ArrayList<>(), notify);
        assertEquals(List.of(first), notify);
        assertSame(first, queue.pollFirst());
        // The next wait takes the node the first one left, noticed flag and all, unless the queue empties it.
        Requester second = new Requester(loopB);
        long since = TimeUnit.SECONDS.toNanos(5);
        queue.add(second, since, settings);
        assertEquals(TimeUnit.SECONDS.toNanos(1), queue.longestWaitNanos(since + TimeUnit.SECONDS.toNanos(1)));
        notify.clear();
        queue.sweep(since + TimeUnit.SECONDS.toNanos(1), settings, new ArrayList<>(), notify);
        assertTrue(notify.isEmpty(), "not yet two seconds");
        queue.sweep(since + TimeUnit.SECONDS.toNanos(2), settings, new ArrayList<>(), notify);
        assertEquals(List.of(second), notify);
        // remove() looks a waiter up in its own loop's line only.
        assertTrue(queue.remove(second), "filed under its own loop's line, not the first's");
    }

    @Test
    void atMostSoManySpareNodesAreKept() {
        PoolSettings never = settings(Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < WaitQueue.MOST_SPARES + 50; i++) {
            queue.add(new Requester(i % 2 == 0 ? loopA : loopB), i, never);
        }
        assertEquals(WaitQueue.MOST_SPARES + 50, queue.drain().size());
        assertEquals(WaitQueue.MOST_SPARES, queue.spareCount());
        queue.add(new Requester(loopA), 0, never);
        assertEquals(WaitQueue.MOST_SPARES - 1, queue.spareCount());
    }

    @Test
    void anyMixOfOperationsGivesWhatAScanOfOneQueueOldestFirstWould() {
        // The reference: one list, oldest first, searched from the head for the released server's loop.
        EventLoop loopC = new DefaultEventLoop();
        try {
            List<EventLoop> loops = List.of(loopA, loopB, loopC);
            PoolSettings never = settings(Duration.ZERO, Duration.ZERO);
            PoolSettings timeout20ms = settings(Duration.ofMillis(20), Duration.ZERO);
            List<Requester> expected = new ArrayList<>();
            List<Long> since = new ArrayList<>();
            Random random = new Random(7);
            long now = 0;
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(11);
                if (op < 4 || expected.isEmpty()) {
                    now += random.nextInt(4 * (int) MS);
                    Requester requester = new Requester(loops.get(random.nextInt(loops.size())));
                    queue.add(requester, now, never);
                    expected.add(requester);
                    since.add(now);
                } else if (op < 8) {
                    EventLoop released = loops.get(random.nextInt(loops.size()));
                    int pick = 0;
                    for (int i = 0; i < expected.size() && since.get(i) - since.get(0) <= 10 * MS; i++) {
                        if (expected.get(i).eventLoop() == released) {
                            pick = i;
                            break;
                        }
                    }
                    assertSame(expected.remove(pick), queue.nextFor(released), "step " + step);
                    since.remove(pick);
                } else if (op == 10) {
                    // The wait timer's sweep unlinks from anywhere while it walks the queue.
                    List<Pool.Requester> expired = new ArrayList<>();
                    queue.sweep(now, timeout20ms, expired, new ArrayList<>());
                    List<Requester> expectedExpired = new ArrayList<>();
                    for (int i = expected.size() - 1; i >= 0; i--) {
                        if (now - since.get(i) >= 20 * MS) {
                            expectedExpired.add(0, expected.remove(i));
                            since.remove(i);
                        }
                    }
                    assertEquals(expectedExpired, expired, "step " + step);
                } else if (op == 8) {
                    int gone = random.nextInt(expected.size());
                    assertTrue(queue.remove(expected.remove(gone)));
                    since.remove(gone);
                } else if (op == 9 && random.nextBoolean()) {
                    assertSame(expected.remove(0), queue.pollFirst());
                    since.remove(0);
                } else if (op == 9) {
                    assertSame(expected.remove(expected.size() - 1), queue.pollLast());
                    since.remove(since.size() - 1);
                }
                assertEquals(expected.size(), queue.size());
                assertEquals(expected.isEmpty() ? 0 : now - since.get(0), queue.longestWaitNanos(now));
            }
            assertEquals(expected, queue.drain());
            assertTrue(queue.isEmpty());
            assertNull(queue.nextFor(loopA));
        } finally {
            loopC.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    private static PoolSettings settings(Duration waitTimeout, Duration waitNotify) {
        ServerTarget target = new ServerTarget("127.0.0.1", 5432, "db", "user", null, Duration.ofSeconds(5), 1 << 20);
        return new PoolSettings(target, PoolMode.TRANSACTION, 20, 0, waitTimeout, waitNotify, Duration.ZERO,
                Duration.ZERO, "", Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, "", 0, Duration.ZERO);
    }

    private record Requester(EventLoop eventLoop) implements Pool.Requester {
        @Override
        public void onServer(ServerConnection server) {
        }

        @Override
        public void onAcquireFailed(ErrorResponse error) {
        }
    }
}
