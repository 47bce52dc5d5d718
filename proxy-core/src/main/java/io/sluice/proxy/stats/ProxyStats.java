package io.sluice.proxy.stats;

import io.sluice.protocol.SqlState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what happens before a client belongs to a pool: refused logins, login timeouts, cancel requests. */
public final class ProxyStats {

    /** Why a login was refused, a bounded set for a metric label. */
    public enum LoginFailure {
        /** Wrong password or unknown user (they read the same to the client). */
        AUTH("auth"),
        /** The database is not in the configuration. */
        UNKNOWN_DATABASE("unknown_database"),
        /** {@code pool.max_client_conn} reached. */
        TOO_MANY_CLIENTS("too_many_clients"),
        /** A malformed or unsupported startup, or a protocol violation during login. */
        PROTOCOL("protocol"),
        /** {@code listen.client_login_timeout} passed. */
        TIMEOUT("timeout"),
        /** Sluice is shutting down. */
        SHUTDOWN("shutdown");

        private final String reason;

        LoginFailure(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }

        /** By the SQLSTATE the refused client is sent. */
        public static LoginFailure of(String sqlState) {
            if (sqlState == null) {
                return PROTOCOL;
            }
            return switch (sqlState) {
                case SqlState.INVALID_PASSWORD, SqlState.INVALID_AUTHORIZATION -> AUTH;
                case SqlState.INVALID_CATALOG_NAME -> UNKNOWN_DATABASE;
                case SqlState.TOO_MANY_CONNECTIONS -> TOO_MANY_CLIENTS;
                case SqlState.ADMIN_SHUTDOWN -> SHUTDOWN;
                default -> PROTOCOL;
            };
        }
    }

    /** What became of a cancel request. */
    public enum CancelOutcome {
        /** Sent on to the PostgreSQL session running the client's request. */
        FORWARDED("forwarded"),
        /** The key was valid but the client had nothing running. */
        IDLE("idle"),
        /** No client has that key. */
        UNKNOWN_KEY("unknown_key");

        private final String outcome;

        CancelOutcome(String outcome) {
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }
    }

    private final LongAdder[] loginFailures = new LongAdder[LoginFailure.values().length];
    private final LongAdder[] cancels = new LongAdder[CancelOutcome.values().length];

    public ProxyStats() {
        for (int i = 0; i < loginFailures.length; i++) {
            loginFailures[i] = new LongAdder();
        }
        for (int i = 0; i < cancels.length; i++) {
            cancels[i] = new LongAdder();
        }
    }

    public void loginFailed(LoginFailure why) {
        loginFailures[why.ordinal()].increment();
    }

    public long loginFailures(LoginFailure why) {
        return loginFailures[why.ordinal()].sum();
    }

    public void cancel(CancelOutcome outcome) {
        cancels[outcome.ordinal()].increment();
    }

    public long cancels(CancelOutcome outcome) {
        return cancels[outcome.ordinal()].sum();
    }

    public Map<LoginFailure, Long> loginFailures() {
        Map<LoginFailure, Long> all = new EnumMap<>(LoginFailure.class);
        for (LoginFailure why : LoginFailure.values()) {
            all.put(why, loginFailures(why));
        }
        return all;
    }
}
