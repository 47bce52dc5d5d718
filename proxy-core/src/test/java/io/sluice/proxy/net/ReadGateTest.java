package io.sluice.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.protocol.frame.PgFrameDecoder;
import org.junit.jupiter.api.Test;

/** {@link ReadGate} in front of a frame decoder whose consumer stops reading in a run, as a connection does. */
class ReadGateTest {

    /** DataRow with one column "1", twice, then CommandComplete "SELECT 1". */
    private static final byte[] ROWS = {
        'D', 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, '1',
        'D', 0, 0, 0, 11, 0, 1, 0, 0, 0, 1, '1',
        'C', 0, 0, 0, 13, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0};

    @Test
    void noReadReachesTheChannelWhileItsConsumerStoppedReading() {
        int[] readRequests = {0};
        EmbeddedChannel[] channel = new EmbeddedChannel[1];
        PgFrameDecoder decoder = new PgFrameDecoder(1 << 20, "", 1 << 20);
        decoder.runs(new PgFrameDecoder.Runs() {
            @Override
            public boolean joins(ByteBuf in, int start, byte tag, int total) {
                return true;
            }

            @Override
            public void run(ByteBuf messages) {
                messages.release();
                // As a connection does when the other side cannot keep up.
                channel[0].config().setAutoRead(false);
            }
        });
        channel[0] = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                readRequests[0]++;
                ctx.read();
            }
        }, ReadGate.INSTANCE, decoder);
        readRequests[0] = 0;
        // Netty's decoder asks for another read after a batch that passed nothing on, as a run does.
        channel[0].writeInbound(Unpooled.wrappedBuffer(ROWS));
        assertFalse(channel[0].config().isAutoRead());
        assertEquals(0, readRequests[0], "asked for another read while reading was stopped");
        // ... and after a batch that ended inside a message.
        channel[0].writeInbound(Unpooled.wrappedBuffer(new byte[] {'D', 0, 0, 0, 11, 0, 1}));
        assertEquals(0, readRequests[0], "asked for another read while reading was stopped");
        // Turning auto-read on reads again.
        channel[0].config().setAutoRead(true);
        assertEquals(1, readRequests[0]);
        assertFalse(channel[0].finishAndReleaseAll());
    }
}
