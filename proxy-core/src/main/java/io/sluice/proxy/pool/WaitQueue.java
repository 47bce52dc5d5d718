package io.sluice.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The clients of one pool waiting for a server, oldest first, and the pool's one wait timer.
 *
 * <p>One timer serves every waiter, set for the earliest {@code query_wait_timeout} or {@code query_wait_notify}
 * due: a per-waiter timer would be scheduled and cancelled for almost every transaction of a busy pool, each time
 * from whichever loop releases the server. When it fires it runs the pool's check, which takes the lock and
 * {@link #sweep}s.
 *
 * <p>Each waiter is a node of two linked lists, both oldest first: every waiter, and the waiters of its event loop
 * (a {@link LoopLine}). A server released on a loop finds that loop's longest waiter at the head of its line, so
 * {@link #nextFor} is a few pointer updates under the pool's lock, however many clients wait; a scan of one queue
 * for a waiter on the right loop took 6 % of the event loops' own time at 16 loops with 80 clients waiting.
 *
 * <p>A waiter that leaves the queue is emptied and kept as a spare, up to {@value #MOST_SPARES} of them, for the
 * next client to wait: a busy pool queues most of its requests (100 clients on 20 servers), and a new node for each
 * was an allocation per transaction. So the methods that take waiters out hand back their requesters, not the nodes.
 *
 * <p>Every method runs under the pool's lock, which the caller holds.
 */
final class WaitQueue {

    /** How much longer than a waiter on the released server's loop the head of the queue may have waited. */
    private static final long SAME_LOOP_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The waiters of one event loop, oldest first, linked through {@link Waiter#olderOnLoop} and its pair. */
    static final class LoopLine {
        private Waiter oldest;
        private Waiter youngest;
    }

    /** Spare nodes kept at most: as many as the waiters a busy pool has at once, and a few KiB at worst. */
    static final int MOST_SPARES = 256;

    /** Every waiter, linked through {@link Waiter#older} and {@link Waiter#younger}. */
    private Waiter oldest;
    private Waiter youngest;
    private int size;
    /** Emptied nodes for the next waiters, linked through {@link Waiter#younger}. */
    private Waiter spares;
    private int spareCount;
    /** One line per event loop that ever had a waiter here: as many as the process has loops. */
    private final Map<EventLoop, LoopLine> lines = new IdentityHashMap<>();
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
        Waiter waiter = spares;
        if (waiter == null) {
            waiter = new Waiter();
        } else {
            spares = waiter.younger;
            waiter.younger = null;
            spareCount--;
        }
        waiter.reset(requester, nowNanos);
        LoopLine line = lines.get(waiter.loop());
        if (line == null) {
            line = new LoopLine();
            lines.put(waiter.loop(), line);
        }
        link(waiter, line);
        long due = dueOf(nowNanos, false, settings);
        if (due != Long.MAX_VALUE && (timer == null || due - timerDueNanos < 0)) {
            arm(requester.eventLoop(), due, nowNanos);
        }
    }

    /** Forgets a queued requester (its client left while waiting); false when it was not queued. */
    boolean remove(Pool.Requester requester) {
        LoopLine line = lines.get(requester.eventLoop());
        for (Waiter waiter = line == null ? null : line.oldest; waiter != null; waiter = waiter.youngerOnLoop) {
            if (waiter.requester() == requester) {
                take(waiter);
                return true;
            }
        }
        return false;
    }

    /**
     * The waiter to hand a server released on {@code loop} to. The longest-waiting one on that loop, unless the
     * longest-waiting one of all (on another loop) has waited more than {@link #SAME_LOOP_SLACK_NANOS} longer:
     * handing over within a loop saves a dozen cross-thread tasks and wake-ups per transaction, and the slack bounds
     * how long a client can be passed over for it. A look-ahead of a few waiters was not enough: the queue fills with the
     * clients of whichever loop has fewer servers, and a third of the hand-overs crossed loops.
     *
     * @return the waiter's requester, which has left the queue; null when nobody waits
     */
    Pool.Requester nextFor(EventLoop loop) {
        Waiter first = oldest;
        if (first != null && first.loop() != loop) {
            LoopLine line = lines.get(loop);
            Waiter sameLoop = line == null ? null : line.oldest;
            if (sameLoop != null && sameLoop.sinceNanos() - first.sinceNanos() <= SAME_LOOP_SLACK_NANOS) {
                return take(sameLoop);
            }
        }
        return pollFirst();
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** When the longest waiter started waiting; call only when the queue is not empty. */
    long firstSinceNanos() {
        return oldest.sinceNanos();
    }

    /** The longest waiter's requester, taken out of the queue; null when nobody waits. */
    Pool.Requester pollFirst() {
        return oldest == null ? null : take(oldest);
    }

    /** The most recent waiter's requester, taken out of the queue; null when nobody waits. */
    Pool.Requester pollLast() {
        return youngest == null ? null : take(youngest);
    }

    /** Empties the queue, returning every waiter's requester oldest first. */
    List<Pool.Requester> drain() {
        List<Pool.Requester> all = new ArrayList<>(size);
        for (Pool.Requester requester = pollFirst(); requester != null; requester = pollFirst()) {
            all.add(requester);
        }
        return all;
    }

    /** Spare nodes kept now (for tests). */
    int spareCount() {
        return spareCount;
    }

    /** How long the longest waiter has waited at {@code nowNanos}; 0 when none waits. */
    long longestWaitNanos(long nowNanos) {
        return oldest == null ? 0 : Math.max(0, nowNanos - oldest.sinceNanos());
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
        Waiter waiter = oldest;
        while (waiter != null) {
            Waiter younger = waiter.younger;
            if (timeout > 0 && nowNanos - waiter.sinceNanos() >= timeout) {
                expired.add(take(waiter));
                waiter = younger;
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
            waiter = younger;
        }
        if (next != Long.MAX_VALUE) {
            arm(oldest.loop(), next, nowNanos);
        }
    }

    /** Appends {@code waiter} to both of its lists. */
    private void link(Waiter waiter, LoopLine line) {
        waiter.older = youngest;
        if (youngest == null) {
            oldest = waiter;
        } else {
            youngest.younger = waiter;
        }
        youngest = waiter;
        waiter.line = line;
        waiter.olderOnLoop = line.youngest;
        if (line.youngest == null) {
            line.oldest = waiter;
        } else {
            line.youngest.youngerOnLoop = waiter;
        }
        line.youngest = waiter;
        size++;
    }

    /** Takes {@code waiter}, which is queued, out of the queue and keeps it as a spare; returns its requester. */
    private Pool.Requester take(Waiter waiter) {
        Pool.Requester requester = waiter.requester();
        unlink(waiter);
        if (spareCount < MOST_SPARES) {
            waiter.reset(null, 0);
            waiter.younger = spares;
            spares = waiter;
            spareCount++;
        }
        return requester;
    }

    /** Takes {@code waiter}, which is queued, out of both of its lists. */
    private void unlink(Waiter waiter) {
        if (waiter.older == null) {
            oldest = waiter.younger;
        } else {
            waiter.older.younger = waiter.younger;
        }
        if (waiter.younger == null) {
            youngest = waiter.older;
        } else {
            waiter.younger.older = waiter.older;
        }
        LoopLine line = waiter.line;
        if (waiter.olderOnLoop == null) {
            line.oldest = waiter.youngerOnLoop;
        } else {
            waiter.olderOnLoop.youngerOnLoop = waiter.youngerOnLoop;
        }
        if (waiter.youngerOnLoop == null) {
            line.youngest = waiter.olderOnLoop;
        } else {
            waiter.youngerOnLoop.olderOnLoop = waiter.olderOnLoop;
        }
        waiter.older = null;
        waiter.younger = null;
        waiter.olderOnLoop = null;
        waiter.youngerOnLoop = null;
        waiter.line = null;
        size--;
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
