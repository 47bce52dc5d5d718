package io.sluice.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

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
