package io.sluice.protocol.frame;

import static io.sluice.protocol.Wire.concat;
import static io.sluice.protocol.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.Wire;
import io.sluice.protocol.frontend.StartupMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class StartupFrameDecoderTest {

    private static final byte[] SSL_REQUEST = hex("00000008 04d2162f");
    private static final byte[] GSSENC_REQUEST = hex("00000008 04d21630");
    private static final byte[] CANCEL_REQUEST = hex("00000010 04d2162e 00003039 0badf00d");
    /** StartupMessage 3.0, user=app, database=db. */
    private static final byte[] STARTUP = hex("0000001e 00030000 7573657200 61707000 646174616261736500 646200 00");
    private static final byte[] QUERY = hex("51 0000000d 53454c4543542031 00");

    @Test
    void sslRequestThenStartupThenQueryInOneBuffer() {
        byte[] input = concat(SSL_REQUEST, STARTUP, QUERY);
        for (int split = 0; split <= input.length; split++) {
            List<byte[]> pieces = split == input.length ? Wire.bytewise(input) : Wire.split(input, split);
            List<Object> seen = new ArrayList<>();
            EmbeddedChannel channel = newChannel(seen);
            try {
                for (byte[] piece : pieces) {
                    channel.writeInbound(Wire.buf(piece));
                }
                assertEquals(3, seen.size(), "split " + split);
                // Each message arrives in order, the startup one not mangled by the typed decoder.
                assertArrayEquals(SSL_REQUEST, ByteBufUtil.getBytes((ByteBuf) seen.get(0)));
                assertArrayEquals(STARTUP, ByteBufUtil.getBytes((ByteBuf) seen.get(1)));
                assertArrayEquals(QUERY, ByteBufUtil.getBytes((ByteBuf) seen.get(2)));
                assertNull(channel.pipeline().get(StartupFrameDecoder.class));
                assertNotNull(channel.pipeline().get(PgFrameDecoder.class));
                assertFalse(channel.finish());
            } finally {
                Wire.releaseAll(seen);
            }
        }
    }

    @Test
    void startupPacketReachesHandlerBeforeTypedMessages() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app");
        parameters.put("database", "db");
        byte[] startup = Wire.bytes(new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters).write(Wire.ALLOC));
        assertArrayEquals(STARTUP, startup);
        Wire.everySplit(concat(STARTUP, QUERY, QUERY), StartupFrameDecoderTest::decoder, out -> {
            assertEquals(3, out.size());
            assertEquals(parameters, StartupMessage.read((ByteBuf) out.get(0)).parameters());
            assertArrayEquals(QUERY, ByteBufUtil.getBytes((ByteBuf) out.get(1)));
            assertArrayEquals(QUERY, ByteBufUtil.getBytes((ByteBuf) out.get(2)));
        });
    }

    @Test
    void requestsBeforeStartupLeaveDecoderInPlace() {
        for (byte[] request : List.of(SSL_REQUEST, GSSENC_REQUEST, CANCEL_REQUEST)) {
            EmbeddedChannel channel = new EmbeddedChannel(decoder());
            assertTrue(channel.writeInbound(Wire.buf(request)));
            ByteBuf packet = channel.readInbound();
            try {
                assertArrayEquals(request, ByteBufUtil.getBytes(packet));
            } finally {
                packet.release();
            }
            assertNotNull(channel.pipeline().get(StartupFrameDecoder.class));
            assertFalse(channel.finish());
        }
    }

    @Test
    void unsupportedProtocolVersionIsPassedOnForTheHandlerToRefuse() {
        byte[] v2 = hex("00000009 00020000 00");
        Wire.everySplit(v2, StartupFrameDecoderTest::decoder, out -> {
            assertEquals(1, out.size());
            assertArrayEquals(v2, ByteBufUtil.getBytes((ByteBuf) out.get(0)));
        });
    }

    @Test
    void reportsBufferedBytes() {
        StartupFrameDecoder decoder = decoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        // Bytes sent after SSLRequest before the TLS handshake: the login handler must see them and refuse.
        assertTrue(channel.writeInbound(Wire.buf(concat(SSL_REQUEST, hex("0000")))));
        ByteBuf packet = channel.readInbound();
        packet.release();
        assertEquals(2, decoder.bufferedBytes());
        channel.pipeline().remove(decoder);
        ByteBuf leftover = channel.readInbound();
        leftover.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesTooShortLength() {
        DecoderException e = assertThrows(DecoderException.class,
                () -> Wire.feed(decoder(), List.of(hex("00000004 0000"))));
        assertEquals("startup packet length: 4 (expected: 8..10000)",
                assertInstanceOf(ProtocolException.class, e.getCause()).getMessage());
    }

    @Test
    void refusesHttpGarbage() {
        // "GET / HTTP/1.1": the first four bytes read as a length of about 1.2 GB.
        DecoderException e = assertThrows(DecoderException.class,
                () -> Wire.feed(decoder(), List.of("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertInstanceOf(ProtocolException.class, e.getCause());
    }

    @Test
    void acceptsMaximumLength() {
        byte[] packet = new byte[StartupFrameDecoder.MAX_LENGTH];
        System.arraycopy(hex("00002710 04d2ffff"), 0, packet, 0, 8);
        List<Object> out = Wire.feed(decoder(), List.of(packet));
        try {
            assertEquals(1, out.size());
        } finally {
            Wire.releaseAll(out);
        }
        assertThrows(DecoderException.class, () -> Wire.feed(decoder(), List.of(hex("00002711 04d2ffff"))));
    }

    private static StartupFrameDecoder decoder() {
        return new StartupFrameDecoder(() -> new PgFrameDecoder(1024, "", 1024));
    }

    /** A channel whose last handler collects what it receives, so messages are seen in arrival order. */
    private static EmbeddedChannel newChannel(List<Object> seen) {
        ChannelHandler collector = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
            }
        };
        return new EmbeddedChannel(decoder(), collector);
    }
}
