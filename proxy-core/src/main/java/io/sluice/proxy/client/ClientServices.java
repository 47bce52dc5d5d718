package io.sluice.proxy.client;

import io.sluice.config.SluiceConfig;
import io.sluice.proxy.auth.AuthSecretCache;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What client handlers share, built once by the composition root.
 *
 * @param clients connected clients, logged in or not, checked against {@code pool.max_client_conn}
 * @param authSecrets {@code @Nullable}: the {@code auth.query} lookup, when {@code auth.user} is set
 */
public record ClientServices(SluiceConfig config, PoolRegistry pools, CancelRegistry cancels, UserSecrets secrets,
                             SecureRandom random, AtomicInteger clients, String version,
                             StatementRegistry statements, AuthSecretCache authSecrets) {

    /** Without {@code auth.query}. */
    public ClientServices(SluiceConfig config, PoolRegistry pools, CancelRegistry cancels, UserSecrets secrets,
            SecureRandom random, AtomicInteger clients, String version, StatementRegistry statements) {
        this(config, pools, cancels, secrets, random, clients, version, statements, null);
    }
}
