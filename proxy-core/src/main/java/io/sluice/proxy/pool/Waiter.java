package io.sluice.proxy.pool;

import io.netty.channel.EventLoop;

/**
 * A client queued for a server and when it started waiting: {@code pool.query_wait_timeout},
 * {@code pool.query_wait_notify} and {@code pool.reserve_pool_timeout} count from there. A node of two lists in its
 * {@link WaitQueue}: every waiter in the order they came, and the waiters of its event loop in the same order. Changed
 * under the pool's lock. The queue reuses nodes: one that has left it waits in the queue's spares for the next client
 * (see {@link WaitQueue}), so the fields below other than the links are set by {@link #reset}.
 */
final class Waiter {

    private Pool.Requester requester;
    /** The requester's loop, kept here: the queue files the waiter in its loop's line by it. */
    private EventLoop loop;
    private long sinceNanos;
    /** The wait notice was sent (once per wait). */
    private boolean noticed;

    // The queue's links; null at the ends and once the waiter has left the queue.
    Waiter older;
    Waiter younger;
    Waiter olderOnLoop;
    Waiter youngerOnLoop;
    /** The line of this waiter's loop in its queue; null once it has left. */
    WaitQueue.LoopLine line;

    /** Makes this node the wait of {@code requester} from {@code sinceNanos}; {@code null} empties it. */
    void reset(Pool.Requester requester, long sinceNanos) {
        this.requester = requester;
        this.loop = requester == null ? null : requester.eventLoop();
        this.sinceNanos = sinceNanos;
        this.noticed = false;
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
