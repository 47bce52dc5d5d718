package io.sluice.proxy.auth;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.sluice.protocol.BackendTag;
import io.sluice.protocol.backend.DataRow;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.FrontendMessages;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.ProxyErrors;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Runs the {@code auth.query} lookup of one user on a logged-in connection of {@code auth.user}, then ends the
 * session. Simple protocol:
 *
 * <pre>
 *   Query(auth.query with $1 = 'user')  --&gt;
 *                                        &lt;--  RowDescription, DataRow (0 or 1), CommandComplete | ErrorResponse
 *                                        &lt;--  ReadyForQuery
 *   Terminate, close                     --&gt;
 * </pre>
 *
 * <p>Whatever happens, {@code result} completes (with a failure as a value) and the connection closes. Owned by the
 * lookup connection's event loop.
 */
final class AuthQueryHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(AuthQueryHandler.class.getName());

    private final String user;
    private final String sql;
    private final String where;
    private final Promise<AuthLookup> result;
    private List<String> row;
    private int rows;
    private String problem;

    /**
     * @param where the connection, for log messages: {@code "auth.user" at host:port/database}
     */
    AuthQueryHandler(String user, String sql, String where, Promise<AuthLookup> result) {
        this.user = user;
        this.sql = sql;
        this.where = where;
        this.result = result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Query.write(ctx.alloc(), sql));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            finish(ctx, "the server sent a message too large for Sluice to read");
            return;
        }
        try {
            switch (Frames.tag(frame)) {
                case BackendTag.ROW_DESCRIPTION, BackendTag.COMMAND_COMPLETE, BackendTag.NOTICE_RESPONSE,
                        BackendTag.PARAMETER_STATUS -> {
                    // Nothing to act on: the columns are read by position.
                }
                case BackendTag.DATA_ROW -> {
                    rows++;
                    row = DataRow.read(frame);
                }
                case BackendTag.EMPTY_QUERY_RESPONSE -> problem = "auth.query is empty";
                case BackendTag.ERROR_RESPONSE -> {
                    ErrorResponse error = ErrorResponse.read(frame);
                    problem = "PostgreSQL answered auth.query with " + error.sqlState() + ": " + error.message();
                }
                case BackendTag.READY_FOR_QUERY -> finish(ctx, problem);
                default -> finish(ctx, "the server sent " + BackendTag.name(Frames.tag(frame)) + " in reply to"
                        + " auth.query");
            }
        } catch (RuntimeException e) {
            finish(ctx, "the server sent a malformed reply to auth.query: " + e.getMessage());
        } finally {
            frame.release();
        }
    }

    /** The connection broke or timed out: 08006, as any lost server connection. */
    void lost(ChannelHandlerContext ctx, String what) {
        if (result.isDone()) {
            return;
        }
        LOG.log(Level.WARNING, "looking up user \"{0}\" as {1} failed: {2}", user, where, what);
        result.trySuccess(AuthLookup.failed(ProxyErrors.authQueryLost(user, what)));
        ctx.close();
    }

    /** Decides the outcome once, ends the session, and closes. */
    private void finish(ChannelHandlerContext ctx, String failure) {
        if (result.isDone()) {
            return;
        }
        String why = failure != null ? failure
                : rows > 1 ? "auth.query returned " + rows + " rows (expected: 0 or 1)"
                : rows == 1 && row.size() != 2 ? "auth.query returned " + row.size() + " columns (expected: 2,"
                        + " the user name and the secret)"
                : null;
        if (why != null) {
            LOG.log(Level.WARNING, "looking up user \"{0}\" as {1} failed: {2}", user, where, why);
            result.trySuccess(AuthLookup.failed(ProxyErrors.authQueryFailed(user)));
        } else if (rows == 0 || row.get(1) == null) {
            result.trySuccess(AuthLookup.noSuchUser());
        } else {
            result.trySuccess(AuthLookup.found(row.get(1)));
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(FrontendMessages.terminate(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lost(ctx, "the server closed the connection before answering auth.query");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        lost(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
