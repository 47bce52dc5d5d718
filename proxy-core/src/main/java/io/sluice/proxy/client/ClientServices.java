package io.sluice.proxy.client;

import io.sluice.config.SluiceConfig;
import io.sluice.proxy.admin.AdminConsole;
import io.sluice.proxy.auth.AuthSecretCache;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.ProxyStats;
import io.sluice.proxy.tls.TlsContexts;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What client handlers share, built once by the composition root.
 *
 */
public final class ClientServices {

    private final Supplier<SluiceConfig> config;
    private final PoolRegistry pools;
    private final CancelRegistry cancels;
    private final Supplier<UserSecrets> secrets;
    private final SecureRandom random;
    private final AtomicInteger clients;
    private final String version;
    /** One for every client: it holds nothing of a client's. */
    private final Welcome welcome;
    private final StatementRegistry statements;
    private final AdminConsole console;
    private final ProxyStats stats;
    private final AddressConnections addresses;
    private final FailedLogins failedLogins;
    private final AuthSecretCache authSecrets;
    private final TlsContexts tls;

    /**
     * @param config the configuration in force (a reload replaces it)
     * @param secrets the verifiers of the configured users (a reload replaces them)
     * @param clients connected clients, logged in or not, checked against {@code pool.max_client_conn}
     * @param addresses connected clients per source address, checked against
     *     {@code listen.max_client_conn_per_address}
     * @param failedLogins failed logins per source address, and the backoff they earn
     * @param authSecrets {@code @Nullable}: the {@code auth.query} lookup, when {@code auth.user} is set
     * @param tls the TLS contexts, swapped on reload
     */
    public ClientServices(Supplier<SluiceConfig> config, PoolRegistry pools, CancelRegistry cancels,
            Supplier<UserSecrets> secrets, SecureRandom random, AtomicInteger clients, String version,
            StatementRegistry statements, AdminConsole console, ProxyStats stats, AddressConnections addresses,
            FailedLogins failedLogins, AuthSecretCache authSecrets, TlsContexts tls) {
        this.config = config;
        this.pools = pools;
        this.cancels = cancels;
        this.secrets = secrets;
        this.random = random;
        this.clients = clients;
        this.version = version;
        this.welcome = new Welcome(version);
        this.statements = statements;
        this.console = console;
        this.stats = stats;
        this.addresses = addresses;
        this.failedLogins = failedLogins;
        this.authSecrets = authSecrets;
        this.tls = tls;
    }

    /** The configuration in force now. */
    public SluiceConfig config() {
        return config.get();
    }

    public PoolRegistry pools() {
        return pools;
    }

    public CancelRegistry cancels() {
        return cancels;
    }

    public UserSecrets secrets() {
        return secrets.get();
    }

    public SecureRandom random() {
        return random;
    }

    public AtomicInteger clients() {
        return clients;
    }

    public String version() {
        return version;
    }

    Welcome welcome() {
        return welcome;
    }

    public StatementRegistry statements() {
        return statements;
    }

    public AdminConsole console() {
        return console;
    }

    /** Refused logins and cancel requests, for metrics. */
    public ProxyStats stats() {
        return stats;
    }

    public AddressConnections addresses() {
        return addresses;
    }

    public FailedLogins failedLogins() {
        return failedLogins;
    }

    /** {@code @Nullable}: the {@code auth.query} lookup, when {@code auth.user} is set. */
    public AuthSecretCache authSecrets() {
        return authSecrets;
    }

    /** The TLS contexts, swapped on reload. */
    public TlsContexts tls() {
        return tls;
    }
}
