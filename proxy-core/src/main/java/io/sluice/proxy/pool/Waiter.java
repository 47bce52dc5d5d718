package io.sluice.proxy.pool;

import io.netty.util.concurrent.ScheduledFuture;

/**
 * A client queued for a server, the timer that ends its wait at {@code pool.query_wait_timeout}, and when it
 * started waiting ({@code pool.reserve_pool_timeout} counts from there).
 */
record Waiter(Pool.Requester requester, ScheduledFuture<?> deadline, long sinceNanos) {

    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
