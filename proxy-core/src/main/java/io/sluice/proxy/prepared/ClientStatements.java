package io.sluice.proxy.prepared;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /** The names last looked up by bytes; made with the map. */
    private Recent recent;
    private final int max;

    public ClientStatements(int max) {
        this.max = max;
    }

    /** The statement a client name stands for, or {@code null}. */
    public StatementKey get(String name) {
        return statements.get(name);
    }

    /**
     * The statement the client name of {@code length} UTF-8 bytes at {@code start} in {@code buf} stands for, or
     * {@code null}. A Bind's name is read in place: a name among the last few looked up is found without making a
     * {@code String}, so binding the same few statements again and again allocates nothing.
     */
    public StatementKey get(ByteBuf buf, int start, int length) {
        if (recent == null) {
            return null;
        }
        StatementKey key = recent.find(buf, start, length);
        if (key == null) {
            key = statements.get(buf.toString(start, length, StandardCharsets.UTF_8));
            if (key != null) {
                recent.remember(ByteBufUtil.getBytes(buf, start, length), key);
            }
        }
        return key;
    }

    /** Records a new name; false when the client already holds its maximum. */
    public boolean add(String name, StatementKey key) {
        if (statements.size() >= max) {
            return false;
        }
        if (statements.isEmpty()) {
            statements = new HashMap<>();
            recent = new Recent();
        }
        statements.put(name, key);
        recent.forget();
        return true;
    }

    public void remove(String name) {
        statements.remove(name);
        if (recent != null) {
            recent.forget();
        }
    }

    public void clear() {
        statements = Collections.emptyMap();
        recent = null;
    }

    public int size() {
        return statements.size();
    }

    public int max() {
        return max;
    }

    /**
     * A few names and their statements, replaced in turn; emptied whenever the names change, so it never answers
     * differently from the map.
     */
    private static final class Recent {
        private static final int SIZE = 8;

        private final byte[][] names = new byte[SIZE][];
        private final StatementKey[] keys = new StatementKey[SIZE];
        private int next;

        StatementKey find(ByteBuf buf, int start, int length) {
            for (int i = 0; i < SIZE; i++) {
                byte[] name = names[i];
                if (name != null && name.length == length && matches(name, buf, start)) {
                    return keys[i];
                }
            }
            return null;
        }

        private static boolean matches(byte[] name, ByteBuf buf, int start) {
            for (int i = 0; i < name.length; i++) {
                if (buf.getByte(start + i) != name[i]) {
                    return false;
                }
            }
            return true;
        }

        void remember(byte[] name, StatementKey key) {
            names[next] = name;
            keys[next] = key;
            next = (next + 1) % SIZE;
        }

        void forget() {
            Arrays.fill(names, null);
            Arrays.fill(keys, null);
        }
    }
}
