package io.sluice.protocol.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.BackendTag;

/**
 * The bodiless replies the proxy synthesizes most often, shared and read-only: each call returns a fresh
 * duplicate (own indexes) of an unreleasable buffer, so writing and releasing it any number of times is safe
 * and allocates only the duplicate.
 */
public final class FixedReplies {

    private static final ByteBuf PARSE_COMPLETE = fixed(BackendTag.PARSE_COMPLETE);
    private static final ByteBuf BIND_COMPLETE = fixed(BackendTag.BIND_COMPLETE);
    private static final ByteBuf CLOSE_COMPLETE = fixed(BackendTag.CLOSE_COMPLETE);
    private static final ByteBuf NO_DATA = fixed(BackendTag.NO_DATA);
    private static final ByteBuf EMPTY_QUERY_RESPONSE = fixed(BackendTag.EMPTY_QUERY_RESPONSE);

    private FixedReplies() {
    }

    /** ParseComplete ('1'), e.g. for a Parse the proxy answers because the server already has the statement. */
    public static ByteBuf parseComplete() {
        return PARSE_COMPLETE.duplicate();
    }

    /** BindComplete ('2'). */
    public static ByteBuf bindComplete() {
        return BIND_COMPLETE.duplicate();
    }

    /** CloseComplete ('3'), e.g. for a Close of a statement the proxy keeps prepared. */
    public static ByteBuf closeComplete() {
        return CLOSE_COMPLETE.duplicate();
    }

    /** NoData ('n'). */
    public static ByteBuf noData() {
        return NO_DATA.duplicate();
    }

    /** EmptyQueryResponse ('I'). */
    public static ByteBuf emptyQueryResponse() {
        return EMPTY_QUERY_RESPONSE.duplicate();
    }

    private static ByteBuf fixed(byte tag) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {tag, 0, 0, 0, 4}).asReadOnly());
    }
}
