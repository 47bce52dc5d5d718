package io.sluice.proxy.pool;

import io.netty.channel.EventLoop;

/**
 * A client queued for a server and when it started waiting: {@code pool.query_wait_timeout},
 * {@code pool.query_wait_notify} and {@code pool.reserve_pool_timeout} count from there. Changed under the pool's
 * lock.
 */
final class Waiter {

    private final Pool.Requester requester;
    /** The requester's loop, kept here: the pool compares it for every waiter it passes over. */
    private final EventLoop loop;
    private final long sinceNanos;
    /** The wait notice was sent (once per wait). */
    private boolean noticed;

    Waiter(Pool.Requester requester, long sinceNanos) {
        this.requester = requester;
        this.loop = requester.eventLoop();
        this.sinceNanos = sinceNanos;
    }

    EventLoop loop() {
        return loop;
    }

    Pool.Requester requester() {
        return requester;
    }

    long sinceNanos() {
        return sinceNanos;
    }

    boolean noticed() {
        return noticed;
    }

    void markNoticed() {
        noticed = true;
    }
}
