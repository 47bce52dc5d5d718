package io.sluice.proxy.pool;

/**
 * A client queued for a server and when it started waiting: {@code pool.query_wait_timeout},
 * {@code pool.query_wait_notify} and {@code pool.reserve_pool_timeout} count from there. Changed under the pool's
 * lock.
 */
final class Waiter {

    private final Pool.Requester requester;
    private final long sinceNanos;
    /** The wait notice was sent (once per wait). */
    private boolean noticed;

    Waiter(Pool.Requester requester, long sinceNanos) {
        this.requester = requester;
        this.sinceNanos = sinceNanos;
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
