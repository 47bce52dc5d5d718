package io.sluice.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.frontend.ParameterTypes;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A client's names, looked up by {@code String} and in place by bytes: both always give the same answer. */
class ClientStatementsTest {

    private final ClientStatements client = new ClientStatements(20);

    @Test
    void aNameIsFoundByItsBytesWhereverItSitsInTheBuffer() {
        StatementKey key = key("SELECT 1");
        client.add("S_1", key);
        ByteBuf buf = Unpooled.copiedBuffer("xxS_1yy", StandardCharsets.UTF_8);
        assertSame(key, client.get(buf, 2, 3));
        assertSame(key, client.get(buf, 2, 3), "found again, now among the recent names");
        assertNull(client.get(buf, 2, 2), "a prefix is another name");
        assertNull(client.get(buf, 1, 3));
        buf.release();
    }

    @Test
    void aRemovedOrClearedNameIsNotFoundByItsBytes() {
        client.add("S_1", key("SELECT 1"));
        assertSame(client.get("S_1"), lookup("S_1"));
        client.remove("S_1");
        assertNull(lookup("S_1"), "the recent names forget a removed one");
        StatementKey other = key("SELECT 2");
        client.add("S_1", other);
        assertSame(other, lookup("S_1"), "the name now stands for another statement");
        client.clear();
        assertNull(lookup("S_1"));
        assertEquals(0, client.size());
    }

    @Test
    void aNameOutsideAsciiIsFoundByItsUtf8Bytes() {
        StatementKey key = key("SELECT 'é'");
        client.add("requête_ü", key);
        assertSame(key, lookup("requête_ü"));
        assertSame(key, lookup("requête_ü"));
        assertNull(lookup("requete_u"));
    }

    @Test
    void manyNamesInTurnAgreeWithTheMap() {
        Random random = new Random(7);
        String[] names = new String[15];
        for (int i = 0; i < names.length; i++) {
            names[i] = "s" + i;
        }
        for (int step = 0; step < 5_000; step++) {
            String name = names[random.nextInt(names.length)];
            switch (random.nextInt(10)) {
                case 0 -> client.remove(name);
                case 1 -> {
                    if (client.get(name) == null) {
                        client.add(name, key("SELECT " + step));
                    }
                }
                case 2 -> {
                    if (random.nextInt(50) == 0) {
                        client.clear();
                    }
                }
                default -> assertSame(client.get(name), lookup(name), "step " + step + ", " + name);
            }
        }
    }

    @Test
    void aClientWithoutNamesFindsNothing() {
        assertNull(lookup("S_1"));
        assertFalse(client.size() > 0);
    }

    private StatementKey lookup(String name) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte('B');
        int length = frame.writeCharSequence(name, StandardCharsets.UTF_8);
        frame.writeByte(0);
        try {
            return client.get(frame, 1, length);
        } finally {
            frame.release();
        }
    }

    private static StatementKey key(String query) {
        return new StatementKey(query, ParameterTypes.NONE);
    }
}
