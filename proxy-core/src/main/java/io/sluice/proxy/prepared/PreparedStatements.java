package io.sluice.proxy.prepared;

/**
 * What a client brings to a server when prepared statements are tracked (transaction and statement modes with
 * {@code pool.max_prepared_statements} above 0): its own names, the shared registry, the per-server maximum, and its
 * pool's counters.
 */
public record PreparedStatements(ClientStatements client, StatementRegistry registry, int maxPerServer,
                                 PreparedCounters poolCounters) {

    /** Without a pool of its own to count for (tests, benchmarks). */
    public PreparedStatements(ClientStatements client, StatementRegistry registry, int maxPerServer) {
        this(client, registry, maxPerServer, new PreparedCounters());
    }

    /** Counts a named Parse a client sent, in the pool and in all. */
    public void countClientParse() {
        registry.countClientParse();
        poolCounters.clientParse();
    }

    /** Counts a Parse Sluice sent to a server. */
    public void countServerParse() {
        registry.countServerParse();
        poolCounters.serverParse();
    }

    /** Counts a Bind of a tracked statement. */
    public void countBind() {
        registry.countBind();
        poolCounters.bind();
    }

    /** Counts a statement closed on a server to stay within max_prepared_statements. */
    public void countEviction() {
        registry.countEviction();
        poolCounters.eviction();
    }
}
