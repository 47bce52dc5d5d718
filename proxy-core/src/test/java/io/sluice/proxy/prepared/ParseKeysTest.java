package io.sluice.proxy.prepared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frontend.ParameterTypes;
import io.sluice.protocol.frontend.Parse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A named Parse's statement found by its bytes: always the key decoding would give, canonical in its registry. */
class ParseKeysTest {

    private final StatementRegistry registry = new StatementRegistry();
    private final ParseKeys table = new ParseKeys();

    @Test
    void theSameQueryUnderAnotherNameIsTheSameCanonicalKey() {
        StatementKey first = find(parse("pdo_stmt_00000001", "SELECT $1", 23));
        StatementKey second = find(parse("pdo_stmt_00000002", "SELECT $1", 23));
        assertSame(first, second);
        assertSame(registry.intern(new StatementKey("SELECT $1", ParameterTypes.of(23))), first,
                "the registry's own instance");
    }

    @Test
    void anotherQueryOrOtherTypesAreAnotherKey() {
        StatementKey key = find(parse("a", "SELECT $1", 23));
        assertNotEquals(key, find(parse("a", "SELECT $1", 25)));
        assertNotEquals(key, find(parse("a", "SELECT $1")));
        assertNotEquals(key, find(parse("a", "SELECT $2", 23)));
        assertEquals(key, find(parse("a", "SELECT $1", 23)));
    }

    @Test
    void anotherRegistryGetsItsOwnKey() {
        StatementKey mine = find(parse("a", "SELECT 1"));
        StatementRegistry other = new StatementRegistry();
        ByteBuf frame = parse("a", "SELECT 1");
        StatementKey theirs = table.find(frame, nameEnd(frame) + 1, other);
        frame.release();
        assertEquals(mine, theirs);
        assertSame(other.intern(theirs), theirs, "canonical in the other registry");
        assertNotSame(mine, theirs);
    }

    @Test
    void aLongQueryIsDecodedEveryTimeAndStillCanonical() {
        String query = "SELECT '" + "x".repeat(ParseKeys.MAX_BYTES) + "'";
        StatementKey first = find(parse("a", query));
        assertSame(first, find(parse("b", query)));
        assertEquals(query, first.query());
    }

    @Test
    void manyQueriesSharingSlotsAlwaysGiveTheDecodedKey() {
        Random random = new Random(7);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < 3 * ParseKeys.SIZE; i++) {
            queries.add("SELECT " + i + " FROM t WHERE c = $1");
        }
        for (int step = 0; step < 5_000; step++) {
            String query = queries.get(random.nextInt(queries.size()));
            int[] types = random.nextBoolean() ? new int[] {23} : new int[0];
            ByteBuf frame = parse("s" + step, query, types);
            StatementKey expected = registry.intern(new StatementKey(query, ParameterTypes.of(types)));
            assertSame(expected, table.find(frame, nameEnd(frame) + 1, registry), query);
            frame.release();
        }
    }

    @Test
    void aFrameInsideALargerBufferIsReadFromItsOwnIndexes() {
        StatementKey key = find(parse("a", "SELECT $1", 23));
        ByteBuf frame = parse("b", "SELECT $1", 23);
        ByteBuf run = UnpooledByteBufAllocator.DEFAULT.buffer();
        run.writeBytes(new byte[] {'S', 0, 0, 0, 4}).writeBytes(frame);
        run.readerIndex(5);
        assertSame(key, table.find(run, nameEnd(run) + 1, registry), "found from the frame's reader index");
        assertSame(key, table.find(run.slice(), nameEnd(run.slice()) + 1, registry), "and in a slice of it");
        frame.release();
        run.release();
    }

    @Test
    void aMalformedParseIsRefusedNotRemembered() {
        ByteBuf good = parse("a", "SELECT 1", 23);
        // The same bytes with the type count claiming two types: decoding refuses it.
        ByteBuf bad = good.copy();
        int countAt = nameEnd(bad) + 1 + "SELECT 1".length() + 1;
        bad.setShort(countAt, 2);
        assertThrows(ProtocolException.class, () -> table.find(bad, nameEnd(bad) + 1, registry));
        assertThrows(ProtocolException.class, () -> table.find(bad, nameEnd(bad) + 1, registry), "again");
        assertEquals(new StatementKey("SELECT 1", ParameterTypes.of(23)),
                table.find(good, nameEnd(good) + 1, registry));
        good.release();
        bad.release();
    }

    private StatementKey find(ByteBuf frame) {
        try {
            return table.find(frame, nameEnd(frame) + 1, registry);
        } finally {
            frame.release();
        }
    }

    private static int nameEnd(ByteBuf frame) {
        return Parse.nameEnd(frame);
    }

    private static ByteBuf parse(String name, String query, int... types) {
        return new Parse(name, query, ParameterTypes.of(types)).write(UnpooledByteBufAllocator.DEFAULT);
    }
}
