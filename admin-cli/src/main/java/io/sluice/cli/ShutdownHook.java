package io.sluice.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a clean-up once, from whichever comes first: SIGTERM/SIGINT (as a JVM shutdown hook) or a normal return.
 *
 * <p>Closing from the hook is what lets {@code kill} and Ctrl-C stop Sluice without cutting connections mid-message.
 */
final class ShutdownHook implements AutoCloseable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable cleanUp;
    private final Thread thread;

    private ShutdownHook(String name, Runnable cleanUp) {
        this.cleanUp = cleanUp;
        this.thread = new Thread(this::runOnce, name);
    }

    /** Registers {@code cleanUp} to run at JVM shutdown unless {@link #close} ran it first. */
    static ShutdownHook register(String name, Runnable cleanUp) {
        ShutdownHook hook = new ShutdownHook(name, cleanUp);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Runs the clean-up now (if it has not run) and unregisters the hook. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) the clean-up.
            return;
        }
        runOnce();
    }

    private void runOnce() {
        if (done.compareAndSet(false, true)) {
            cleanUp.run();
        }
    }
}
