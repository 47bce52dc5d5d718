package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as {@link ConfigLoader} returns it.
 *
 * @param listen where clients connect
 * @param pool pool defaults and limits
 * @param auth client authentication
 * @param admin who may use the admin console
 * @param process logging and shutdown
 * @param metrics the Prometheus and health-check listener
 * @param databases by name, in file order, unmodifiable
 * @param users by name, in file order, unmodifiable
 * @param clientTls TLS between clients and Sluice
 * @param serverTls TLS between Sluice and PostgreSQL
 * @param hba access rules, first match wins; empty lets every client try {@code auth.type}
 */
public record SluiceConfig(ListenConfig listen, PoolConfig pool, AuthConfig auth, AdminConfig admin,
                           ProcessConfig process, MetricsConfig metrics, ClientTlsConfig clientTls,
                           ServerTlsConfig serverTls, List<HbaRule> hba, Map<String, DatabaseConfig> databases,
                           Map<String, UserConfig> users) {

    public SluiceConfig {
        requireNonNull(clientTls, "clientTls");
        requireNonNull(serverTls, "serverTls");
        hba = List.copyOf(requireNonNull(hba, "hba"));
        requireNonNull(listen, "listen");
        requireNonNull(metrics, "metrics");
        requireNonNull(pool, "pool");
        requireNonNull(auth, "auth");
        requireNonNull(admin, "admin");
        requireNonNull(process, "process");
        databases = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(databases, "databases")));
        users = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(users, "users")));
        databases.forEach((name, db) -> {
            if (!name.equals(db.name())) {
                throw new IllegalArgumentException("databases: key " + name + " (expected: " + db.name() + ')');
            }
        });
        users.forEach((name, user) -> {
            if (!name.equals(user.name())) {
                throw new IllegalArgumentException("users: key " + name + " (expected: " + user.name() + ')');
            }
        });
    }
}
