package io.sluice.proxy.client;

import io.sluice.config.SluiceConfig;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.tls.TlsContexts;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What client handlers share, built once by the composition root.
 *
 * @param clients connected clients, logged in or not, checked against {@code pool.max_client_conn}
 * @param tls the TLS contexts, swapped on reload
 */
public record ClientServices(SluiceConfig config, PoolRegistry pools, CancelRegistry cancels, UserSecrets secrets,
                             SecureRandom random, AtomicInteger clients, String version,
                             StatementRegistry statements, TlsContexts tls) {
}
