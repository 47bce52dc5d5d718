package io.sluice.proxy.metrics;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.ProxyStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Sluice's metrics over the pools of a configuration, with no socket or event loop: for the metrics tests. */
record MetricsFixture(SluiceConfig config, PoolRegistry pools, SluiceMetrics metrics) {

    static MetricsFixture of(String yaml) throws ConfigException {
        SluiceConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of());
        PoolRegistry pools = new PoolRegistry(config, null, null);
        return new MetricsFixture(config, pools, new SluiceMetrics(pools, new ProxyStats(), new StatementRegistry(),
                new AtomicInteger(), () -> true, "test"));
    }

    /** The pool of a configured database and user, made on first use as a login would. */
    Pool pool(String database, String user) {
        return pools.pool(config.databases().get(database), config.users().get(user));
    }

    String scrape(String contentType) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out, contentType);
        return out.toString(StandardCharsets.UTF_8);
    }
}
