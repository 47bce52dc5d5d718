package io.sluice.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pool's lock: still a mutual exclusion when it spins, and a waiter past its spin parks until it is free. */
class BriefLockTest {

    @Test
    void threadsThatSpinForTheLockNeverHoldItTogether() throws InterruptedException {
        BriefLock lock = new BriefLock();
        long[] counter = {0};
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicBoolean inside = new AtomicBoolean();
        int threads = 4;
        int rounds = 50_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(started(() -> {
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    try {
                        if (!inside.compareAndSet(false, true)) {
                            overlap.set(true);
                        }
                        counter[0]++;
                        inside.set(false);
                    } finally {
                        lock.unlock();
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertFalse(overlap.get());
        assertEquals((long) threads * rounds, counter[0]);
        assertFalse(lock.isLocked());
    }

    @Test
    void aThreadPastItsSpinWaitsForTheHolderToLetGo() throws InterruptedException {
        BriefLock lock = new BriefLock();
        lock.lock();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread waiter = started(() -> {
            lock.lock();
            try {
                acquired.countDown();
            } finally {
                lock.unlock();
            }
        });
        // Far longer than any spin: the waiter has parked, and it must not have the lock.
        assertFalse(acquired.await(200, TimeUnit.MILLISECONDS));
        assertTrue(lock.hasQueuedThread(waiter));
        lock.unlock();
        assertTrue(acquired.await(10, TimeUnit.SECONDS));
        waiter.join();
    }

    @Test
    void theHolderMayTakeItAgain() {
        BriefLock lock = new BriefLock();
        lock.lock();
        lock.lock();
        assertEquals(2, lock.getHoldCount());
        lock.unlock();
        lock.unlock();
        assertFalse(lock.isLocked());
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }
}
