package io.sluice.proxy.prepared;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * One client's prepared-statement names and what they stand for. It outlives any one server: a name prepared in
 * one transaction may be bound in the next, on another server. Capped by
 * {@code pool.max_client_prepared_statements}. Touched by whichever loop owns the client's current exchange.
 */
public final class ClientStatements {

    /** Made at the first name: most clients of an idle fleet never prepare one. */
    private Map<String, StatementKey> statements = Collections.emptyMap();
    private final int max;

    public ClientStatements(int max) {
        this.max = max;
    }

    /** The statement a client name stands for, or {@code null}. */
    public StatementKey get(String name) {
        return statements.get(name);
    }

    /** Records a new name; false when the client already holds its maximum. */
    public boolean add(String name, StatementKey key) {
        if (statements.size() >= max) {
            return false;
        }
        if (statements.isEmpty()) {
            statements = new HashMap<>();
        }
        statements.put(name, key);
        return true;
    }

    public void remove(String name) {
        statements.remove(name);
    }

    public void clear() {
        statements = Collections.emptyMap();
    }

    public int size() {
        return statements.size();
    }

    public int max() {
        return max;
    }
}
