package io.sluice.proxy.auth;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets at most {@code auth.query_max_connections} lookups run at once; the others wait in arrival order. Each lookup
 * holds a connection to PostgreSQL, so without a bound a flood of logins of distinct unknown users would take as many
 * connections as it has names, and starve the pools.
 *
 * <p>Shared by every event loop: a lock held for a few field updates; tasks run after it is released, on the
 * thread that submits or releases (a task hops to its own loop itself).
 */
final class LookupLimiter {

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    LookupLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        }
        this.max = max;
    }

    /** Runs {@code task} now, or when a running one releases its slot; the task must {@link #release()} once. */
    void submit(Runnable task) {
        boolean now;
        lock.lock();
        try {
            now = running < max;
            if (now) {
                running++;
            } else {
                waiting.addLast(task);
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            task.run();
        }
    }

    /** A lookup is done: the longest-waiting one takes its slot. */
    void release() {
        Runnable next;
        lock.lock();
        try {
            next = waiting.pollFirst();
            if (next == null) {
                running--;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            next.run();
        }
    }

    /** Lookups running, for tests. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Lookups waiting, for tests. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
