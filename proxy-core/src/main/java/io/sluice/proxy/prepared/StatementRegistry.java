package io.sluice.proxy.prepared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide names for prepared statements: every client that prepares the same statement (query text and
 * parameter types) gets the same server-side name, {@code sluice_<n>}, so one server-side statement serves them
 * all. An injected object, not a static: each Sluice instance has its own.
 */
public final class StatementRegistry {

    private final ConcurrentMap<StatementKey, String> names = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

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

    /** Distinct statements named so far. */
    public int size() {
        return names.size();
    }
}
