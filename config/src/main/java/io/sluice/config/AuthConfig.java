package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How clients authenticate to Sluice.
 *
 * @param type the method asked of every client
 * @param query the SQL that fetches a user's secret ({@code $1} is the user name) for users without a password in
 *        {@code users:}; used only when {@code user} is present
 * @param user the user Sluice logs in as to run {@code query}; absent turns the lookup off
 * @param database the {@code databases:} entry the lookup runs in; absent means the client's target database
 * @param queryMaxConnections lookups running at once
 * @param queryCacheTtl how long a fetched secret is reused before it is fetched again
 * @param queryNegativeCacheTtl how long "no such user" is remembered
 */
public record AuthConfig(AuthType type, String query, Optional<String> user, Optional<String> database,
                         int queryMaxConnections, Duration queryCacheTtl, Duration queryNegativeCacheTtl) {

    public AuthConfig {
        requireNonNull(type, "type");
        requireNonNull(query, "query");
        requireNonNull(user, "user");
        requireNonNull(database, "database");
        Settings.AUTH_QUERY_MAX_CONNECTIONS.requireInRange(queryMaxConnections);
        Durations.requireNonNegative(requireNonNull(queryCacheTtl, "queryCacheTtl"), Settings.AUTH_QUERY_CACHE_TTL);
        Durations.requireNonNegative(requireNonNull(queryNegativeCacheTtl, "queryNegativeCacheTtl"),
                Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL);
    }

    /** Password authentication only, no {@code auth.query} lookup. */
    public AuthConfig(AuthType type) {
        this(type, Settings.AUTH_QUERY.defaultValue(), Optional.empty(), Optional.empty(),
                (Integer) Settings.AUTH_QUERY_MAX_CONNECTIONS.parse(Settings.AUTH_QUERY_MAX_CONNECTIONS.defaultValue()),
                (Duration) Settings.AUTH_QUERY_CACHE_TTL.parse(Settings.AUTH_QUERY_CACHE_TTL.defaultValue()),
                (Duration) Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL.parse(
                        Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL.defaultValue()));
    }

    /** Whether users without a configured password are looked up with {@link #query}. */
    public boolean queryEnabled() {
        return user.isPresent();
    }
}
