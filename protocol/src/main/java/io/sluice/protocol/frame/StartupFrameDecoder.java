package io.sluice.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.protocol.ProtocolException;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Cuts the untyped packets a client sends first (int32 length that counts itself, int32 code, rest):
 * SSLRequest, GSSENCRequest, CancelRequest and StartupMessage. Emits retained slices of whole packets.
 *
 * <p>Once a StartupMessage (code with major version 3) has been passed on, every later message is typed, so
 * this decoder replaces itself with {@code next.get()} (usually a {@link PgFrameDecoder}). The StartupMessage
 * is fired to the handler after this one <em>before</em> the replacement is added, so it does not go through
 * the new decoder; bytes the client pipelined after it are then handed, in order, to the new decoder by
 * {@link ByteToMessageDecoder#handlerRemoved}.
 *
 * <p>Requests that PostgreSQL answers before the startup (SSLRequest, GSSENCRequest) and CancelRequest leave
 * it in place. Owned by its channel's event loop; not sharable.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">Start-up</a>
 */
public final class StartupFrameDecoder extends ByteToMessageDecoder {

    /** Length, code: the shortest packet (SSLRequest is exactly this). */
    public static final int MIN_LENGTH = 8;
    /** PostgreSQL's {@code MAX_STARTUP_PACKET_LENGTH} ({@code src/include/libpq/pqcomm.h}). */
    public static final int MAX_LENGTH = 10000;

    private final Supplier<ChannelHandler> next;

    /**
     * Creates a decoder.
     *
     * @param next creates the decoder for the typed messages that follow the StartupMessage
     */
    public StartupFrameDecoder(Supplier<ChannelHandler> next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * Returns how many bytes are buffered and not yet emitted. A handler answering SSLRequest checks that this
     * is 0 before starting TLS: bytes sent before the handshake were not protected by it (CVE-2021-23214).
     */
    public int bufferedBytes() {
        return actualReadableBytes();
    }

    /** A client that half-closes inside its startup packet is refused while it can still read the answer. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!ctx.isRemoved() && ctx.channel().isActive() && in.isReadable()) {
            int got = in.readableBytes();
            in.skipBytes(got);
            throw new ProtocolException("input closed inside the startup packet (" + got + " bytes of it received)");
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int length = in.getInt(start);
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new ProtocolException(
                    "startup packet length: " + length + " (expected: " + MIN_LENGTH + ".." + MAX_LENGTH + ")");
        }
        if (in.readableBytes() < length) {
            return;
        }
        int code = in.getInt(start + 4);
        ByteBuf packet = in.readRetainedSlice(length);
        if (code >>> 16 != 3) {
            out.add(packet);
            return;
        }
        // Fire before adding the replacement: ctx.fireChannelRead goes to whatever follows this handler, and
        // the StartupMessage must reach the login handler, not the typed-message decoder. Earlier outputs
        // were already fired by ByteToMessageDecoder, which empties `out` before every decode call.
        for (Object o : out) {
            ctx.fireChannelRead(o);
        }
        out.clear();
        ctx.fireChannelRead(packet);
        if (ctx.isRemoved()) {
            return;
        }
        ctx.pipeline().addAfter(ctx.name(), null, next.get());
        ctx.pipeline().remove(this);
    }
}
