package io.sluice.proxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.stats.ProxyStats;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

    private final AtomicBoolean ready = new AtomicBoolean(true);
    private SluiceMetrics metrics;
    private PoolRegistry pools;

    private EmbeddedChannel channel() throws Exception {
        SluiceConfig config = ConfigLoader.parse("""
                auth: { type: trust }
                databases: { app: { port: 1 } }
                users: { alice: {} }
                """, "test.yaml", Map.of());
        pools = new PoolRegistry(config, null, null);
        metrics = new SluiceMetrics(pools, new ProxyStats(), new StatementRegistry(), new AtomicInteger(3),
                ready::get, "test");
        return new EmbeddedChannel(new HttpEndpoints(metrics, ready::get));
    }

    private static Answer get(EmbeddedChannel channel, HttpMethod method, String uri, String accept) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (accept != null) {
            request.headers().set(HttpHeaderNames.ACCEPT, accept);
        }
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            return new Answer(response.status().code(), response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    @Test
    void healthAndReadiness() throws Exception {
        EmbeddedChannel channel = channel();
        assertEquals(200, get(channel, HttpMethod.GET, "/healthz", null).status());
        assertEquals(200, get(channel, HttpMethod.GET, "/readyz", null).status());
        ready.set(false);
        assertEquals(503, get(channel, HttpMethod.GET, "/readyz", null).status());
        assertEquals(200, get(channel, HttpMethod.GET, "/healthz?verbose=1", null).status());
        assertFalse(channel.finish());
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        EmbeddedChannel channel = channel();
        assertEquals(404, get(channel, HttpMethod.GET, "/", null).status());
        assertEquals(405, get(channel, HttpMethod.POST, "/metrics", null).status());
        Answer head = get(channel, HttpMethod.HEAD, "/healthz", null);
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertFalse(channel.finish());
    }

    @Test
    void metricsInPrometheusTextOrOpenMetrics() throws Exception {
        EmbeddedChannel channel = channel();
        Answer text = get(channel, HttpMethod.GET, "/metrics", "*/*");
        assertEquals(200, text.status());
        assertEquals(SluiceMetrics.TEXT, text.contentType());
        assertTrue(text.body().contains("sluice_client_connections 3.0"), text.body());
        assertTrue(text.body().contains("sluice_ready 1.0"), text.body());

        Answer open = get(channel, HttpMethod.GET, "/metrics", "application/openmetrics-text;version=1.0.0");
        assertEquals(SluiceMetrics.OPENMETRICS, open.contentType());
        assertTrue(open.body().endsWith("# EOF\n"), open.body());
        assertFalse(channel.finish());
    }

    @Test
    void aNewPoolHasItsMetersBeforeItServes() throws Exception {
        EmbeddedChannel channel = channel();
        SluiceConfig config = ConfigLoader.parse("""
                auth: { type: trust }
                databases: { app: { port: 1, pool_size: 4 } }
                users: { alice: {} }
                """, "test.yaml", Map.of());
        Pool pool = pools.pool(config.databases().get("app"), config.users().get("alice"));
        pool.stats().query(2_000_000, System.nanoTime());
        pool.stats().transaction(3_000_000, System.nanoTime());
        pool.stats().received(42);

        String body = get(channel, HttpMethod.GET, "/metrics", null).body();
        assertTrue(body.contains("sluice_queries_total{database=\"app\",user=\"alice\"} 1.0"), body);
        assertTrue(body.contains("sluice_client_received_bytes_total{database=\"app\",user=\"alice\"} 42.0"), body);
        String bucket = "sluice_query_duration_seconds_bucket{database=\"app\",user=\"alice\",le=";
        assertTrue(body.contains(bucket + "\"0.0025\"} 1"), body);
        assertTrue(body.contains(bucket + "\"0.001\"} 0"), body);
        assertTrue(body.contains("sluice_pool_size{database=\"app\",user=\"alice\"} 4.0"), body);
        assertTrue(body.contains("sluice_pool_clients{database=\"app\",state=\"waiting\",user=\"alice\"} 0.0"), body);
        assertFalse(channel.finish());
    }

    @Test
    void openMetricsOnlyWhenAskedFor() {
        assertEquals(SluiceMetrics.TEXT, SluiceMetrics.contentType(null));
        assertEquals(SluiceMetrics.TEXT, SluiceMetrics.contentType("text/plain"));
        assertEquals(SluiceMetrics.OPENMETRICS,
                SluiceMetrics.contentType("application/openmetrics-text; version=1.0.0,text/plain;q=0.5"));
    }
}
