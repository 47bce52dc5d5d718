package io.sluice.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits in tests for a condition, with a deadline, instead of sleeping for a guessed time. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; fails with {@code what} when it does not within {@code timeout}. An
     * exception from the condition counts as "not yet".
     */
    public static void until(Duration timeout, String what, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what, last);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
