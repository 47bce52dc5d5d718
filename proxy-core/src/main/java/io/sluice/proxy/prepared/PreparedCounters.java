package io.sluice.proxy.prepared;

import java.util.concurrent.atomic.LongAdder;

/**
 * Prepared-statement counts of one pool ({@code SHOW STATS}' parse and bind columns): named Parses clients sent,
 * Parses Sluice sent to servers, Binds of tracked statements, and statements closed to stay within
 * {@code pool.max_prepared_statements}. Updated from any event loop.
 */
public final class PreparedCounters {

    private final LongAdder clientParses = new LongAdder();
    private final LongAdder serverParses = new LongAdder();
    private final LongAdder binds = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    void clientParse() {
        clientParses.increment();
    }

    void serverParse() {
        serverParses.increment();
    }

    void bind() {
        binds.increment();
    }

    void eviction() {
        evictions.increment();
    }

    public long clientParses() {
        return clientParses.sum();
    }

    public long serverParses() {
        return serverParses.sum();
    }

    public long binds() {
        return binds.sum();
    }

    public long evictions() {
        return evictions.sum();
    }
}
