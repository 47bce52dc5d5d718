package io.sluice.proxy.admin;

import static java.util.Objects.requireNonNull;

/**
 * One admin console command, as {@link AdminCommandParser} reads it. A {@code null} database means "every
 * database".
 */
public sealed interface AdminCommand {

    /** Whether a stats user (read-only) may run it. */
    default boolean readOnly() {
        return false;
    }

    /** {@code SHOW what}; {@code what} is upper case ({@code POOLS}, {@code STATS_TOTALS}). */
    record Show(String what) implements AdminCommand {
        public Show {
            requireNonNull(what, "what");
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    }

    record Pause(String database) implements AdminCommand {
    }

    record Resume(String database) implements AdminCommand {
    }

    record Suspend() implements AdminCommand {
    }

    record Disable(String database) implements AdminCommand {
    }

    record Enable(String database) implements AdminCommand {
    }

    record Reconnect(String database) implements AdminCommand {
    }

    record Kill(String database) implements AdminCommand {
    }

    record KillClient(long id) implements AdminCommand {
    }

    record WaitClose(String database) implements AdminCommand {
    }

    record Reload() implements AdminCommand {
    }

    /** {@code SHUTDOWN}: at once, or after servers ({@code WAIT_FOR_SERVERS}) or clients ({@code WAIT_FOR_CLIENTS}). */
    record Shutdown(ShutdownMode mode) implements AdminCommand {
        public Shutdown {
            requireNonNull(mode, "mode");
        }
    }

    /** {@code SET key = value} of a Sluice setting. */
    record Set(String key, String value) implements AdminCommand {
        public Set {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
        }
    }

    /**
     * A session {@code SET} a driver sends on connecting ({@code extra_float_digits}, {@code application_name}):
     * accepted and ignored, as the console has no session settings.
     */
    record SessionSet(String key) implements AdminCommand {
        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /** An empty query string. */
    record Empty() implements AdminCommand {
        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /** How SHUTDOWN ends. */
    enum ShutdownMode {
        NOW, WAIT_FOR_SERVERS, WAIT_FOR_CLIENTS
    }
}
