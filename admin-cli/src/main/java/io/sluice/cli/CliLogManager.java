package io.sluice.cli;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} whose handlers survive until the JVM exits.
 *
 * <p>The stock manager resets itself (closing every handler) from its own shutdown hook, which runs concurrently
 * with ours: whatever Sluice logs while it shuts down on SIGTERM would be lost. Once {@link #keepHandlersUntilExit}
 * has been called, {@link #reset} does nothing. Installed through {@code -Djava.util.logging.manager}, set by
 * {@link ConsoleLogging} before logging starts; public because {@code java.logging} instantiates it reflectively.
 */
public final class CliLogManager extends LogManager {

    private volatile boolean keepHandlers;

    public CliLogManager() {
    }

    @Override
    public void reset() {
        if (!keepHandlers) {
            super.reset();
        }
    }

    void keepHandlersUntilExit() {
        keepHandlers = true;
    }
}
