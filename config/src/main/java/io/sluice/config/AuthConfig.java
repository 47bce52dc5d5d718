package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How clients authenticate to Sluice. Components are named after their settings ({@code auth.query_cache_ttl} is
 * {@code queryCacheTtl}), as {@link SettingValues} expects.
 *
 * @param type the method asked of every client
 * @param query the SQL that fetches a user's secret ({@code $1} is the user name) for users without a password in
 *        {@code users:}; used only when {@code user} is present
 * @param user the user Sluice logs in as to run {@code query}; absent turns the lookup off
 * @param database the {@code databases:} entry the lookup runs in; absent means the client's target database
 * @param queryMaxConnections lookups running at once
 * @param queryCacheTtl how long a fetched secret is reused before it is fetched again
 * @param queryNegativeCacheTtl how long "no such user" is remembered
 * @param failureBackoffAfter failures within {@code failureWindow} that start the per-address backoff; 0 turns it
 *        off
 * @param failureWindow an address's failures are forgotten after this long without one
 * @param failureBackoff the first backoff, doubled with each further failure
 * @param failureBackoffMax the longest backoff
 */
public record AuthConfig(AuthType type, String query, Optional<String> user, Optional<String> database,
                         int queryMaxConnections, Duration queryCacheTtl, Duration queryNegativeCacheTtl,
                         int failureBackoffAfter, Duration failureWindow, Duration failureBackoff,
                         Duration failureBackoffMax) {

    public AuthConfig {
        requireNonNull(type, "type");
        requireNonNull(query, "query");
        requireNonNull(user, "user");
        requireNonNull(database, "database");
        Settings.AUTH_QUERY_MAX_CONNECTIONS.requireInRange(queryMaxConnections);
        Durations.requireNonNegative(requireNonNull(queryCacheTtl, "queryCacheTtl"), Settings.AUTH_QUERY_CACHE_TTL);
        Durations.requireNonNegative(requireNonNull(queryNegativeCacheTtl, "queryNegativeCacheTtl"),
                Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL);
        // Checks the backoff settings.
        new FailureBackoff(failureBackoffAfter, failureWindow, failureBackoff, failureBackoffMax);
    }

    /** Password authentication only, no {@code auth.query} lookup, the default failure backoff. */
    public AuthConfig(AuthType type) {
        this(type, Settings.AUTH_QUERY.defaultValue(), Optional.empty(), Optional.empty(),
                (Integer) Settings.AUTH_QUERY_MAX_CONNECTIONS.parse(Settings.AUTH_QUERY_MAX_CONNECTIONS.defaultValue()),
                (Duration) Settings.AUTH_QUERY_CACHE_TTL.parse(Settings.AUTH_QUERY_CACHE_TTL.defaultValue()),
                (Duration) Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL.parse(
                        Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL.defaultValue()),
                FailureBackoff.DEFAULT.after(), FailureBackoff.DEFAULT.window(), FailureBackoff.DEFAULT.first(),
                FailureBackoff.DEFAULT.max());
    }

    /** Whether users without a configured password are looked up with {@link #query}. */
    public boolean queryEnabled() {
        return user.isPresent();
    }

    /** The per-address backoff after failed logins, as one value. */
    public FailureBackoff backoff() {
        return new FailureBackoff(failureBackoffAfter, failureWindow, failureBackoff, failureBackoffMax);
    }

    /**
     * The per-address backoff after failed logins.
     *
     * @param after failures within {@code window} that start the backoff; 0 turns it off
     * @param window failures are forgotten after this long without one
     * @param first the first backoff, doubled with each further failure
     * @param max the longest backoff
     */
    public record FailureBackoff(int after, Duration window, Duration first, Duration max) {

        /** The defaults of the settings table. */
        public static final FailureBackoff DEFAULT = new FailureBackoff(10, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(30));

        public FailureBackoff {
            Settings.AUTH_FAILURE_BACKOFF_AFTER.requireInRange(after);
            Durations.requireNonNegative(requireNonNull(window, "window"), Settings.AUTH_FAILURE_WINDOW);
            Durations.requireNonNegative(requireNonNull(first, "first"), Settings.AUTH_FAILURE_BACKOFF);
            Durations.requireNonNegative(requireNonNull(max, "max"), Settings.AUTH_FAILURE_BACKOFF_MAX);
        }

        /** Whether failed logins are counted at all. */
        public boolean enabled() {
            return after > 0;
        }
    }
}
