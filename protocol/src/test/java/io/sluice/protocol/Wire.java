package io.sluice.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frame.StartupFrameDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Test helpers: feed bytes through decoders in {@link EmbeddedChannel}s whole and split at every byte, and
 * turn buffers into arrays, releasing what they are given.
 */
public final class Wire {

    /** A leak-tracked allocator: paranoid detection reports any buffer a test forgets. */
    public static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private Wire() {
    }

    /** Returns the readable bytes of {@code buf} and releases it. */
    public static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Returns a tracked buffer holding {@code bytes}; the caller owns it. */
    public static ByteBuf buf(byte[] bytes) {
        return ALLOC.buffer(bytes.length).writeBytes(bytes);
    }

    /** Parses hex, ignoring spaces: {@code hex("51 00 00 00 04")}. */
    public static byte[] hex(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", "").replace("\n", ""));
    }

    /** Concatenates arrays. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Writes {@code pieces} one after the other into a fresh channel with {@code handler}, returns everything
     * that came out inbound (the caller releases it) and checks that nothing is left over.
     */
    public static List<Object> feed(ChannelHandler handler, List<byte[]> pieces) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        List<Object> out = new ArrayList<>();
        try {
            for (byte[] piece : pieces) {
                channel.writeInbound(buf(piece));
                drain(channel, out);
            }
            assertFalse(channel.finish());
            return out;
        } catch (RuntimeException | Error e) {
            releaseAll(out);
            try {
                // Closing makes the decoder see the same bad bytes again; that second failure is expected.
                channel.finishAndReleaseAll();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** Splits input in two at {@code split}, or returns it whole when {@code split} is 0. */
    public static List<byte[]> split(byte[] input, int split) {
        if (split == 0) {
            return List.of(input);
        }
        byte[] a = new byte[split];
        byte[] b = new byte[input.length - split];
        System.arraycopy(input, 0, a, 0, split);
        System.arraycopy(input, split, b, 0, b.length);
        return List.of(a, b);
    }

    /** Splits input into one-byte pieces. */
    public static List<byte[]> bytewise(byte[] input) {
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : input) {
            pieces.add(new byte[] {b});
        }
        return pieces;
    }

    /**
     * Feeds {@code input} whole, split at every byte, and one byte at a time, through a fresh handler from
     * {@code handler} each time, and hands the output to {@code check}; releases the output afterwards.
     */
    public static void everySplit(byte[] input, Supplier<ChannelHandler> handler, Consumer<List<Object>> check) {
        for (int split = 0; split <= input.length; split++) {
            List<byte[]> pieces = split == input.length ? bytewise(input) : split(input, split);
            List<Object> out = feed(handler.get(), pieces);
            try {
                check.accept(out);
            } catch (AssertionError e) {
                throw new AssertionError((split == input.length ? "bytewise" : "split at " + split) + ": "
                        + e.getMessage(), e);
            } finally {
                releaseAll(out);
            }
        }
    }

    /**
     * Takes ownership of {@code message} (one typed message as written), and for every split, decodes it with a
     * {@link PgFrameDecoder}, checks it is byte-identical and hands the frame to {@code check}.
     */
    public static void eachTypedFrame(ByteBuf message, Consumer<ByteBuf> check) {
        eachFrame(bytes(message), () -> new PgFrameDecoder(1 << 20, "", 1 << 20), check);
    }

    /** Like {@link #eachTypedFrame} for an untyped startup-phase packet, through a {@link StartupFrameDecoder}. */
    public static void eachStartupPacket(ByteBuf packet, Consumer<ByteBuf> check) {
        eachFrame(bytes(packet), () -> new StartupFrameDecoder(() -> new PgFrameDecoder(1 << 20, "", 1 << 20)), check);
    }

    private static void eachFrame(byte[] input, Supplier<ChannelHandler> decoder, Consumer<ByteBuf> check) {
        everySplit(input, decoder, out -> {
            assertEquals(1, out.size(), "frames decoded");
            ByteBuf frame = assertInstanceOf(ByteBuf.class, out.get(0));
            assertArrayEquals(input, ByteBufUtil.getBytes(frame));
            check.accept(frame);
        });
    }

    /** Releases every reference-counted message in the list and clears it. */
    public static void releaseAll(List<Object> messages) {
        for (Object o : messages) {
            ReferenceCountUtil.release(o);
        }
        messages.clear();
    }

    private static void drain(EmbeddedChannel channel, List<Object> out) {
        for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
            out.add(o);
        }
    }
}
