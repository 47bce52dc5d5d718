package io.sluice.proxy.client;

import io.sluice.config.SluiceConfig;
import io.sluice.proxy.auth.AuthSecretCache;
import io.sluice.proxy.cancel.CancelRegistry;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.ProxyStats;
import io.sluice.proxy.tls.TlsContexts;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Client services for login-handler tests on an EmbeddedChannel: no sockets, no console, no servers. */
final class TestServices {

    private TestServices() {
    }

    /** @param authSecrets {@code @Nullable}: an auth.query lookup */
    static ClientServices of(SluiceConfig config, AuthSecretCache authSecrets) {
        return of(config, authSecrets, TlsContexts.disabled());
    }

    static ClientServices of(SluiceConfig config, AuthSecretCache authSecrets, TlsContexts tls) {
        SecureRandom random = new SecureRandom();
        UserSecrets secrets = new UserSecrets(config.users().values(), random);
        return new ClientServices(() -> config, new PoolRegistry(config, null, null),
                new CancelRegistry(random), () -> secrets, random, new AtomicInteger(), "test",
                new StatementRegistry(), null, new ProxyStats(),
                new AddressConnections(config.listen().maxClientConnPerAddress()),
                new FailedLogins(config.auth().backoff()), authSecrets, tls);
    }
}
