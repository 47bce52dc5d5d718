package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.FixedReplies;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Parse;
import io.sluice.proxy.prepared.ParseKeys;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.StatementKey;
import java.util.ArrayDeque;

/**
 * Answers, without a server, a request that only prepares statements PostgreSQL has already accepted: named
 * {@code Parse} messages followed by {@code Sync} ({@code PQprepare}, {@code pgbench -M prepared}). The names are
 * recorded; each Parse gets {@code ParseComplete} and the Sync {@code ReadyForQuery('I')}. The statement reaches a
 * server when the client first uses it.
 *
 * <p>Without this, a client that prepares synchronously while another of the same program holds the only server
 * in a transaction would wait for a server that program can never release.
 */
final class LocalPrepare {

    private LocalPrepare() {
    }

    /** Whether {@code pending} is such a request and the client's names allow it. */
    static boolean answers(ArrayDeque<Object> pending, PreparedStatements prepared) {
        // Each message here must be a frame of its own: a run (Sync, Sync) would otherwise count as one Sync.
        if (pending.isEmpty() || !(pending.peekLast() instanceof ByteBuf last) || !Frames.isSingle(last)
                || Frames.tag(last) != FrontendTag.SYNC) {
            return false;
        }
        int parses = 0;
        for (Object msg : pending) {
            if (msg == last) {
                break;
            }
            if (!(msg instanceof ByteBuf frame) || !Frames.isSingle(frame) || Frames.tag(frame) != FrontendTag.PARSE
                    || Parse.isUnnamed(frame)) {
                // Anything but a named Parse (the unnamed statement must always reach a server) is not answered
                // here; nothing is decoded for it.
                return false;
            }
            StatementKey key = ParseKeys.keyOf(frame, prepared.registry());
            if (prepared.client().get(Parse.name(frame)) != null
                    || !prepared.registry().isPrepared(key)) {
                return false;
            }
            parses++;
        }
        return parses > 0 && prepared.client().size() + parses <= prepared.client().max();
    }

    /** Records the names, writes the replies and releases the messages. */
    static void answer(ArrayDeque<Object> pending, PreparedStatements prepared, Channel ch) {
        for (Object msg = pending.pollFirst(); msg != null; msg = pending.pollFirst()) {
            ByteBuf frame = (ByteBuf) msg;
            if (Frames.tag(frame) == FrontendTag.PARSE) {
                prepared.countClientParse();
                prepared.client().add(Parse.name(frame), ParseKeys.keyOf(frame, prepared.registry()));
                ch.write(FixedReplies.parseComplete());
            } else {
                ch.write(ReadyForQuery.write(ch.alloc(), TransactionStatus.IDLE));
            }
            ReferenceCountUtil.release(frame);
        }
        ch.flush();
    }
}
