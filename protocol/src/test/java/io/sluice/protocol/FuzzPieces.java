package io.sluice.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts fuzz input into the pieces a socket might deliver: the first bytes of the input say where to cut, the
 * rest is the data. Shared by the decoder fuzz tests, so a seed file means the same thing to each.
 */
public final class FuzzPieces {

    private FuzzPieces() {
    }

    /** Reads up to 8 cut points, then returns the remaining bytes cut there (no piece is empty). */
    public static List<byte[]> cut(FuzzedDataProvider data) {
        int cuts = data.consumeInt(0, 8);
        int[] at = new int[cuts];
        for (int i = 0; i < cuts; i++) {
            at[i] = data.consumeInt(1, 4096);
        }
        byte[] all = data.consumeRemainingAsBytes();
        Arrays.sort(at);
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : at) {
            if (cut > from && cut < all.length) {
                pieces.add(Arrays.copyOfRange(all, from, cut));
                from = cut;
            }
        }
        if (from < all.length) {
            pieces.add(Arrays.copyOfRange(all, from, all.length));
        }
        return pieces;
    }

    /**
     * Closes a channel and releases what is left in it. A decoder sees the end of input as it would a closed
     * socket and may refuse what it holds once more: a {@link ProtocolException} is expected then.
     */
    public static void finish(EmbeddedChannel channel) {
        try {
            channel.finishAndReleaseAll();
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof ProtocolException)) {
                throw e;
            }
            channel.releaseInbound();
            channel.releaseOutbound();
        }
    }

    /**
     * Writes one piece into a decoder's channel.
     *
     * @return true when the decoder refused the input with a {@link ProtocolException}; any other failure is thrown
     */
    public static boolean writeRefused(EmbeddedChannel channel, ByteBuf in) {
        try {
            channel.writeInbound(in);
            return false;
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof ProtocolException)) {
                throw e;
            }
            return true;
        }
    }

    /**
     * Writes the pieces into a decoder's channel one by one, as a socket would deliver them: {@code afterEach} runs
     * after each piece (to take and check what came out), and the piece the decoder refuses is the last. Then the
     * channel is {@linkplain #finish finished}, {@code beforeFinish} first (it releases what a failed check left).
     *
     * @return the input buffers, for {@link #assertPrefixAndReleased}
     */
    public static List<ByteBuf> feed(EmbeddedChannel channel, List<byte[]> pieces, Runnable afterEach,
            Runnable beforeFinish) {
        List<ByteBuf> inputs = new ArrayList<>();
        try {
            for (byte[] piece : pieces) {
                ByteBuf in = Unpooled.wrappedBuffer(piece);
                inputs.add(in);
                boolean refused = writeRefused(channel, in);
                afterEach.run();
                if (refused) {
                    break;
                }
            }
        } finally {
            beforeFinish.run();
            finish(channel);
        }
        return inputs;
    }

    /**
     * What every decoder fuzz test checks at the end: the bytes that came out are a prefix of the input (nothing
     * lost in between, nothing duplicated), and every input buffer was released.
     */
    public static void assertPrefixAndReleased(List<byte[]> pieces, ByteArrayOutputStream emitted,
            List<ByteBuf> inputs) {
        byte[] all = join(pieces);
        byte[] out = emitted.toByteArray();
        assertTrue(out.length <= all.length, "more bytes out than in");
        assertArrayEquals(Arrays.copyOf(all, out.length), out, "emitted bytes are not the input's");
        for (ByteBuf in : inputs) {
            assertEquals(0, in.refCnt(), "an input buffer was not released");
        }
    }

    /** The pieces joined again. */
    public static byte[] join(List<byte[]> pieces) {
        int n = pieces.stream().mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
