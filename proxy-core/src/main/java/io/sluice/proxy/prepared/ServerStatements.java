package io.sluice.proxy.prepared;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements one server connection holds, by server-side name, least recently used first; at most
 * {@code pool.max_prepared_statements}. Owned by the server connection's loop.
 */
public final class ServerStatements {

    private final LinkedHashMap<String, StatementKey> statements = new LinkedHashMap<>(16, 0.75f, true);
    private final int max;

    public ServerStatements(int max) {
        this.max = max;
    }

    /** Whether the server holds {@code name}; a hit counts as a use for the LRU order. */
    public boolean has(String name) {
        return statements.get(name) != null;
    }

    /**
     * Records {@code name} as prepared (or being prepared) on the server.
     *
     * @return the least recently used name to close to stay within the maximum, or {@code null}
     */
    public String add(String name, StatementKey key) {
        statements.put(name, key);
        if (statements.size() <= max) {
            return null;
        }
        Iterator<Map.Entry<String, StatementKey>> eldest = statements.entrySet().iterator();
        String victim = eldest.next().getKey();
        eldest.remove();
        return victim;
    }

    public void remove(String name) {
        statements.remove(name);
    }

    public void clear() {
        statements.clear();
    }

    public int size() {
        return statements.size();
    }

    /** The most statements held at once ({@code pool.max_prepared_statements}). */
    public int max() {
        return max;
    }
}
