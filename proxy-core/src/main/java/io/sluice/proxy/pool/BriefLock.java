package io.sluice.proxy.pool;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's lock: event-loop threads take it for a few field updates on every transaction. A thread that finds it
 * taken spins for a few microseconds before it parks, because parking puts its whole event loop, and every
 * connection on it, to sleep for longer than the holder keeps the lock. Where the holder was descheduled (more
 * threads than cores), the spin gives up and the thread parks as with any {@link ReentrantLock}.
 */
final class BriefLock extends ReentrantLock {

    /** About 2–10 µs of {@link Thread#onSpinWait()}, depending on the processor. */
    static final int SPINS = 128;

    @Override
    public void lock() {
        if (tryLock()) {
            return;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (!isLocked() && tryLock()) {
                return;
            }
        }
        super.lock();
    }
}
