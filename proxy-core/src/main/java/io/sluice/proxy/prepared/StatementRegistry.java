package io.sluice.proxy.prepared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide names for prepared statements: every client that prepares the same statement (query text and
 * parameter types) gets the same server-side name, {@code sluice_<n>}, so one server-side statement serves them
 * all. An injected object, not a static: each Sluice instance has its own.
 */
public final class StatementRegistry {

    /** Tells registries apart without holding them: a stopped Sluice's registry must not outlive it in a table. */
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final ConcurrentMap<StatementKey, String> names = new ConcurrentHashMap<>();
    private final ConcurrentMap<StatementKey, StatementKey> canonical = new ConcurrentHashMap<>();
    private final java.util.Set<StatementKey> valid = ConcurrentHashMap.newKeySet();
    private final LongAdder clientParses = new LongAdder();
    private final LongAdder serverParses = new LongAdder();
    private final LongAdder binds = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicLong next = new AtomicLong();
    private final long instance = INSTANCES.incrementAndGet();

    /**
     * The one shared instance equal to {@code key}: ten thousand clients preparing the same query hold one copy of
     * its text, not ten thousand.
     */
    public StatementKey intern(StatementKey key) {
        StatementKey existing = canonical.putIfAbsent(key, key);
        return existing != null ? existing : key;
    }

    /** This registry's number, unique in the process. */
    long instance() {
        return instance;
    }

    /** The server-side name of {@code key}, given on first use. */
    public String nameFor(StatementKey key) {
        String name = names.get(key);
        return name != null ? name : names.computeIfAbsent(key, k -> "sluice_" + next.incrementAndGet());
    }

    /**
     * Gives {@code key} a new name when its current one is {@code stale}, so that servers holding a statement
     * whose plan PostgreSQL can no longer use (after DDL) prepare it afresh under the new name.
     */
    public void renew(StatementKey key, String stale) {
        names.replace(key, stale, "sluice_" + next.incrementAndGet());
    }

    /** PostgreSQL accepted {@code key} (a ParseComplete came back for it on some server). */
    public void prepared(StatementKey key) {
        valid.add(key);
    }

    /** Whether PostgreSQL has accepted {@code key} before, so a client's Parse of it may be answered locally. */
    public boolean isPrepared(StatementKey key) {
        return valid.contains(key);
    }

    /** Counts a named Parse a client sent. */
    public void countClientParse() {
        clientParses.increment();
    }

    /** Counts a Parse Sluice sent to a server (the client's, renamed, or injected). */
    public void countServerParse() {
        serverParses.increment();
    }

    /** Counts a Bind of a tracked statement. */
    public void countBind() {
        binds.increment();
    }

    /** Counts a statement closed on a server to stay within max_prepared_statements. */
    public void countEviction() {
        evictions.increment();
    }

    /** The counters, for the admin console and metrics: client parses, server parses, binds, evictions. */
    public long[] counters() {
        return new long[] {clientParses.sum(), serverParses.sum(), binds.sum(), evictions.sum()};
    }

    /** Distinct statements named so far. */
    public int size() {
        return names.size();
    }
}
