package io.sluice.proxy.admin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.CommandComplete;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.FixedReplies;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.backend.ResultSetWriter;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.ProxyErrors;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A logged-in admin console session: simple queries in, {@link AdminConsole} answers out, one at a time and in
 * order. Extended-protocol requests get a clear error up to their Sync, as a server that refuses them would; any
 * other message is a protocol violation that closes this connection only.
 *
 * <p>Owned by the client channel's event loop.
 */
public final class AdminConnection extends ChannelInboundHandlerAdapter {

    private final AdminConsole console;
    private final String user;
    private final String version;
    private final String applicationName;
    /** Queries read while an earlier one is still being answered (PAUSE waits, say). */
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private boolean busy;
    /** After refusing an extended-protocol message: drop messages up to the Sync, then ReadyForQuery. */
    private boolean skipUntilSync;
    private ChannelHandlerContext ctx;

    public AdminConnection(AdminConsole console, String user, String version, String applicationName) {
        this.console = console;
        this.user = user;
        this.version = version;
        this.applicationName = applicationName == null ? "" : applicationName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        Channel ch = ctx.channel();
        ch.write(Authentication.writeOk(ch.alloc()));
        Map<String, String> parameters = new LinkedHashMap<>();
        // Drivers read server_version; the console is no PostgreSQL, but a parsable version keeps them happy.
        parameters.put("server_version", "17.0 (Sluice " + version + ")");
        parameters.put("server_encoding", "UTF8");
        parameters.put("client_encoding", "UTF8");
        parameters.put("DateStyle", "ISO, MDY");
        parameters.put("TimeZone", "UTC");
        parameters.put("integer_datetimes", "on");
        parameters.put("standard_conforming_strings", "on");
        parameters.put("application_name", applicationName);
        parameters.put("sluice.version", version);
        parameters.forEach((name, value) -> ch.write(new ParameterStatus(name, value).write(ch.alloc())));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ch.write(new BackendKeyData(random.nextInt(), random.nextInt()).write(ch.alloc()));
        ch.writeAndFlush(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ReferenceCountUtil.release(msg);
            violation("message too large for the admin console");
            return;
        }
        try {
            byte tag = Frames.tag(frame);
            if (tag == FrontendTag.TERMINATE) {
                ctx.close();
            } else if (tag == FrontendTag.SYNC) {
                skipUntilSync = false;
                if (busy) {
                    queued.addLast(SYNC);
                } else {
                    ctx.writeAndFlush(ReadyForQuery.write(ctx.alloc(), TransactionStatus.IDLE));
                }
            } else if (skipUntilSync) {
                // part of a refused extended-protocol request
            } else if (tag == FrontendTag.QUERY) {
                String sql = Query.sql(frame);
                if (busy) {
                    queued.addLast(sql);
                } else {
                    run(sql);
                }
            } else if (isExtended(tag)) {
                skipUntilSync = true;
                ctx.writeAndFlush(ErrorResponse.of("ERROR", SqlState.FEATURE_NOT_SUPPORTED,
                        "the admin console speaks the simple query protocol only")
                        .withHint("Use psql, or a driver in simple-query mode (pgjdbc: preferQueryMode=simple).")
                        .write(ctx.alloc()));
            } else {
                violation("unexpected " + FrontendTag.name(tag) + " message on the admin console");
            }
        } catch (ProtocolException e) {
            violation(e.getMessage());
        } finally {
            frame.release();
        }
    }

    /** A Sync queued behind a busy command, among queued query strings. */
    private static final Object SYNC = new Object();

    private static boolean isExtended(byte tag) {
        return tag == FrontendTag.PARSE || tag == FrontendTag.BIND || tag == FrontendTag.DESCRIBE
                || tag == FrontendTag.EXECUTE || tag == FrontendTag.CLOSE || tag == FrontendTag.FLUSH;
    }

    private void run(String sql) {
        AdminCommand command;
        try {
            command = AdminCommandParser.parse(sql);
        } catch (AdminException e) {
            answerError(e);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        Future<Answer> answer = console.execute(command, user, ctx.channel().eventLoop());
        answer.addListener(f -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            if (f.isSuccess()) {
                write(answer.getNow());
            } else {
                Throwable cause = f.cause();
                answerError(cause instanceof AdminException e ? e
                        : new AdminException(SqlState.INTERNAL_ERROR, String.valueOf(cause)));
            }
            busy = false;
            ctx.channel().config().setAutoRead(true);
            next();
        });
    }

    /** Runs what arrived while a command was busy, in order, until one is busy again. */
    private void next() {
        while (!busy && !queued.isEmpty()) {
            Object item = queued.pollFirst();
            if (item instanceof String sql) {
                run(sql);
            } else {
                ctx.writeAndFlush(ReadyForQuery.write(ctx.alloc(), TransactionStatus.IDLE));
            }
        }
    }

    private void write(Answer answer) {
        Channel ch = ctx.channel();
        for (String notice : answer.notices()) {
            ch.write(ErrorResponse.of("NOTICE", "00000", notice).writeNotice(ch.alloc()));
        }
        if (answer.table() != null) {
            ch.write(ResultSetWriter.write(ch.alloc(), answer.table().columns(), answer.table().rows()));
        } else if (answer.tag().isEmpty()) {
            ch.write(FixedReplies.emptyQueryResponse());
        } else {
            ch.write(CommandComplete.write(ch.alloc(), answer.tag()));
        }
        ch.writeAndFlush(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
    }

    private void answerError(AdminException e) {
        Channel ch = ctx.channel();
        ch.write(ErrorResponse.of("ERROR", e.sqlState(), e.getMessage()).write(ch.alloc()));
        ch.writeAndFlush(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
    }

    private void violation(String what) {
        queued.clear();
        ctx.writeAndFlush(ProxyErrors.protocolViolation(what).write(ctx.alloc()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException) {
            violation(root.getMessage());
        } else {
            ctx.close();
        }
    }
}
