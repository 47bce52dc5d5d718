package io.sluice.proxy.prepared;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.sluice.protocol.frontend.Parse;

/**
 * The statement a named {@code Parse} prepares, found by the bytes after its name (the query text, its NUL and the
 * parameter types) among the statements this thread met last. A driver that prepares the same queries again and
 * again under new names (PDO prepares per statement object; every new client of an application prepares its set
 * once) then costs no decoding of the query text, no {@code String} of it and no lookup in the registry's map.
 *
 * <p>One table per thread, so an event loop's clients share it and nothing is locked: {@value #SIZE} entries,
 * each a copy of the bytes it matched, placed by their hash (a newcomer replaces whatever held its slot). A
 * {@code Parse} whose bytes after the name exceed {@value #MAX_BYTES} is decoded every time, which bounds the
 * table at {@value #SIZE} times that per thread. The keys are the registry's canonical instances, which live as
 * long as the registry does, so an entry never goes stale; it remembers its registry's number, since one process
 * (the tests, an embedding application) may run several Sluices, one after another, on the same event loops.
 */
public final class ParseKeys {

    static final int SIZE = 64;
    static final int MAX_BYTES = 4096;

    private static final FastThreadLocal<ParseKeys> LOCAL = new FastThreadLocal<>() {
        @Override
        protected ParseKeys initialValue() {
            return new ParseKeys();
        }
    };

    private final int[] hashes = new int[SIZE];
    private final ByteBuf[] bodies = new ByteBuf[SIZE];
    private final StatementKey[] keys = new StatementKey[SIZE];
    /** Each entry's registry by number: a registry of a stopped Sluice is not kept alive by the loops it used. */
    private final long[] registries = new long[SIZE];

    ParseKeys() {
    }

    /**
     * The canonical key of the statement the {@code Parse} {@code frame} prepares. The frame is one whole message;
     * it is not consumed.
     *
     * @throws io.sluice.protocol.ProtocolException if the frame is malformed (checked whenever it is decoded: a
     *     frame found in the table repeats the bytes of one that was decoded)
     */
    public static StatementKey keyOf(ByteBuf frame, StatementRegistry registry) {
        return LOCAL.get().find(frame, Parse.nameEnd(frame) + 1, registry);
    }

    StatementKey find(ByteBuf frame, int from, StatementRegistry registry) {
        int length = frame.writerIndex() - from;
        if (length > MAX_BYTES) {
            return decode(frame, registry);
        }
        int hash = hash(frame, from, length);
        int slot = (hash ^ hash >>> 16) & (SIZE - 1);
        ByteBuf body = bodies[slot];
        if (body != null && hashes[slot] == hash && registries[slot] == registry.instance()
                && body.readableBytes() == length
                && ByteBufUtil.equals(body, 0, frame, from, length)) {
            return keys[slot];
        }
        StatementKey key = decode(frame, registry);
        hashes[slot] = hash;
        bodies[slot] = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(frame, from, length));
        keys[slot] = key;
        registries[slot] = registry.instance();
        return key;
    }

    private static StatementKey decode(ByteBuf frame, StatementRegistry registry) {
        Parse parse = Parse.read(frame);
        return registry.intern(new StatementKey(parse.query(), parse.parameterTypes()));
    }

    private static int hash(ByteBuf buf, int from, int length) {
        int h = length;
        int i = from;
        int end = from + length;
        for (; i + 4 <= end; i += 4) {
            h = h * 0x01000193 ^ buf.getInt(i);
        }
        for (; i < end; i++) {
            h = h * 31 + buf.getByte(i);
        }
        return h;
    }
}
