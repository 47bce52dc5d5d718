package io.sluice.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clients of one pool waiting for a server, oldest first, and the pool's one wait timer.
 *
 * <p>One timer serves every waiter, set for the earliest {@code query_wait_timeout} or {@code query_wait_notify}
 * due: a per-waiter timer would be scheduled and cancelled for almost every transaction of a busy pool, each time
 * from whichever loop releases the server. When it fires it runs the pool's check, which takes the lock and
 * {@link #sweep}s.
 *
 * <p>Every method runs under the pool's lock, which the caller holds.
 */
final class WaitQueue {

    /** How much longer than a waiter on the released server's loop the head of the queue may have waited. */
    private static final long SAME_LOOP_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The pool's check, run by the timer. */
    private final Runnable check;
    /** The one timer for every waiter's timeout and notice, set for {@link #timerDueNanos}; null when none. */
    private ScheduledFuture<?> timer;
    private long timerDueNanos;

    WaitQueue(Runnable check) {
        this.check = check;
    }

    /** Queues {@code requester} and makes sure the timer will look at it in time. */
    void add(Pool.Requester requester, long nowNanos, PoolSettings settings) {
        waiters.addLast(new Waiter(requester, nowNanos));
        long due = dueOf(nowNanos, false, settings);
        if (due != Long.MAX_VALUE && (timer == null || due - timerDueNanos < 0)) {
            arm(requester.eventLoop(), due, nowNanos);
        }
    }

    /** Forgets a queued requester (its client left while waiting); false when it was not queued. */
    boolean remove(Pool.Requester requester) {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            if (it.next().requester() == requester) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * The waiter to hand a server released on {@code loop} to. The longest-waiting one on that loop, unless the
     * longest-waiting one of all (on another loop) has waited {@link #SAME_LOOP_SLACK_NANOS} longer: handing over
     * within a loop saves a dozen cross-thread tasks and wake-ups per transaction, and the slack bounds how long a
     * client can be passed over for it. A look-ahead of a few waiters was not enough: the queue fills with the
     * clients of whichever loop has fewer servers, and a third of the hand-overs crossed loops.
     */
    Waiter nextFor(EventLoop loop) {
        Waiter first = waiters.peekFirst();
        if (first == null || first.loop() == loop) {
            return waiters.pollFirst();
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.sinceNanos() - first.sinceNanos() > SAME_LOOP_SLACK_NANOS) {
                // Waiters queue in the order they came: every later one waited even less.
                break;
            }
            if (waiter.loop() == loop) {
                it.remove();
                return waiter;
            }
        }
        return waiters.pollFirst();
    }

    boolean isEmpty() {
        return waiters.isEmpty();
    }

    int size() {
        return waiters.size();
    }

    /** The longest waiter, or null. */
    Waiter peekFirst() {
        return waiters.peekFirst();
    }

    Waiter pollFirst() {
        return waiters.pollFirst();
    }

    /** The most recent waiter, or null. */
    Waiter pollLast() {
        return waiters.pollLast();
    }

    /** Empties the queue, returning every waiter oldest first. */
    List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        return all;
    }

    /** The waiters, oldest first; read under the lock only. */
    Collection<Waiter> all() {
        return waiters;
    }

    /**
     * The timer fired: waiters past {@code query_wait_timeout} leave the queue into {@code expired}; those past
     * {@code query_wait_notify} are marked and added to {@code notify}. The timer is set again for the next due.
     */
    void sweep(long nowNanos, PoolSettings settings, List<Pool.Requester> expired, List<Pool.Requester> notify) {
        timer = null;
        long timeout = settings.queryWaitTimeout().toNanos();
        long notice = settings.queryWaitNotify().toNanos();
        long next = Long.MAX_VALUE;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (timeout > 0 && nowNanos - waiter.sinceNanos() >= timeout) {
                it.remove();
                expired.add(waiter.requester());
                continue;
            }
            if (notice > 0 && !waiter.noticed() && nowNanos - waiter.sinceNanos() >= notice) {
                waiter.markNoticed();
                notify.add(waiter.requester());
            }
            long due = dueOf(waiter.sinceNanos(), waiter.noticed(), settings);
            if (due != Long.MAX_VALUE && (next == Long.MAX_VALUE || due - next < 0)) {
                next = due;
            }
        }
        if (next != Long.MAX_VALUE) {
            arm(waiters.peekFirst().loop(), next, nowNanos);
        }
    }

    /** When a waiter that started waiting at {@code sinceNanos} next needs the timer; MAX_VALUE: never. */
    private static long dueOf(long sinceNanos, boolean noticed, PoolSettings settings) {
        long timeout = settings.queryWaitTimeout().toNanos();
        long notify = settings.queryWaitNotify().toNanos();
        long due = Long.MAX_VALUE;
        if (timeout > 0) {
            due = sinceNanos + timeout;
        }
        if (notify > 0 && !noticed && (due == Long.MAX_VALUE || sinceNanos + notify - due < 0)) {
            due = sinceNanos + notify;
        }
        return due;
    }

    private void arm(EventLoop loop, long dueNanos, long nowNanos) {
        if (timer != null) {
            timer.cancel(false);
        }
        timerDueNanos = dueNanos;
        timer = loop.schedule(check, Math.max(0, dueNanos - nowNanos), TimeUnit.NANOSECONDS);
    }
}
