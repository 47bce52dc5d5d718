package io.sluice.proxy.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;

/**
 * Drops requests to read while the channel's auto-read is off. Sluice stops reading a connection by turning auto-read
 * off (the other side cannot keep up, or a waiting client holds enough) and resumes by turning it on; in between,
 * Netty's decoders ask for one more read at the end of every read batch that passed nothing down the pipeline (one
 * that ended inside a message, or went wholly into runs), taking that for a handler that reads by hand. So a stopped
 * client whose messages all went into runs was read on, and under io_uring, whose small receive buffers make most
 * batches end inside a large message, so was one sending large messages.
 *
 * <p>First in a logged-in connection's pipeline, so every such request passes it. Turning auto-read on reads again
 * on its own (Netty calls {@code read} then, with auto-read already on). Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class ReadGate extends ChannelOutboundHandlerAdapter {

    public static final ReadGate INSTANCE = new ReadGate();

    private ReadGate() {
    }

    /** Puts the gate first in {@code pipeline}, where every read request passes it. */
    public static void addTo(ChannelPipeline pipeline) {
        pipeline.addFirst("read-gate", INSTANCE);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }
}
