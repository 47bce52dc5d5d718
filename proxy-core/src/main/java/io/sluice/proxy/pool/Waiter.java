package io.sluice.proxy.pool;

import io.netty.util.concurrent.ScheduledFuture;

/** A client queued for a server, and the timer that ends its wait at {@code pool.query_wait_timeout}. */
record Waiter(Pool.Requester requester, ScheduledFuture<?> deadline) {

    void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
