package io.sluice.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.protocol.FuzzPieces;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.protocol.frontend.StartupMessage;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Fuzzes the first bytes of a client connection: {@link StartupFrameDecoder} (which hands over to a
 * {@link PgFrameDecoder} after a StartupMessage) through an {@link EmbeddedChannel}, and the readers of what it
 * emits ({@link StartupMessage#read}, {@link StartupMessage#parseOptions}, {@link CancelRequest#read}). Bytes come
 * out in order, as a prefix of the input; every failure is a {@link ProtocolException}; nothing leaks.
 */
class StartupFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void cutsStartupPacketsOrRefuses(FuzzedDataProvider data) {
        List<byte[]> pieces = FuzzPieces.cut(data);
        EmbeddedChannel channel = new EmbeddedChannel(new StartupFrameDecoder(() -> new PgFrameDecoder(512, "", 512)));
        ByteArrayOutputStream emitted = new ByteArrayOutputStream();
        boolean[] typed = {false};
        List<ByteBuf> inputs = FuzzPieces.feed(channel, pieces, () -> {
            for (ByteBuf out = channel.readInbound(); out != null; out = channel.readInbound()) {
                try {
                    emitted.writeBytes(ByteBufUtil.getBytes(out));
                    if (!typed[0]) {
                        typed[0] = readUntyped(out);
                    }
                } finally {
                    out.release();
                }
            }
        }, () -> { });
        FuzzPieces.assertPrefixAndReleased(pieces, emitted, inputs);
    }

    /** Reads an untyped packet as the login handler would; returns whether typed messages follow it. */
    private static boolean readUntyped(ByteBuf packet) {
        int length = packet.readableBytes();
        assertTrue(length >= StartupFrameDecoder.MIN_LENGTH && length <= StartupFrameDecoder.MAX_LENGTH);
        int code = StartupMessage.code(packet);
        try {
            if (code == StartupMessage.CANCEL_REQUEST_CODE) {
                CancelRequest.read(packet);
            } else if (code >>> 16 == 3) {
                StartupMessage startup = StartupMessage.read(packet);
                String options = startup.parameters().get("options");
                if (options != null) {
                    StartupMessage.parseOptions(options);
                }
            }
        } catch (ProtocolException expected) {
            // Refused with 08P01, as the login handler does.
        }
        return code >>> 16 == 3;
    }
}
