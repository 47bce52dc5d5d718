package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.BackendTag;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The extended-protocol messages of the client's requests that PostgreSQL has not finished answering, one entry
 * per message, so that replies the proxy adds or removes land in exactly the right place.
 *
 * <p>Prepared-statement tracking changes what reaches PostgreSQL: a {@code Parse} may be injected before a client's
 * {@code Bind} (its {@code ParseComplete} must be swallowed, but its error shown as the client's), and a client's
 * {@code Parse} or {@code Close} may be answered by the proxy ({@code ParseComplete}/{@code CloseComplete} written
 * between the replies PostgreSQL sends for the neighbouring messages). Each entry knows which reply completes it:
 *
 * <pre>
 *   Parse → '1'   Bind → '2'   Close → '3'   Describe S → 't' then 'T'|'n'   Describe P → 'T'|'n'
 *   Execute → 'C'|'I'|'s' (after any 'D', COPY data)   Sync, Query, FunctionCall → 'Z'
 *   'E' ends an extended message, and PostgreSQL then skips every message up to the Sync: their entries are
 *   dropped unanswered, synthesized replies included (PostgreSQL would not have answered them either).
 * </pre>
 *
 * <p>Plain Java, owned by the server connection's loop; only consulted for replies to client requests.
 */
final class MessageTracker {

    /** What a tracked message is, for the reply that completes it. */
    enum Kind { PARSE, BIND, CLOSE, DESCRIBE_STATEMENT, DESCRIBE_PORTAL, EXECUTE, SYNC, QUERY }

    /** What happens to the replies of a tracked message. */
    enum Action {
        /** The client's own message: its replies go to the client. */
        FORWARD,
        /** The proxy's own message: success is swallowed, an error is shown as the failure of the client's request. */
        SWALLOW_SUCCESS,
        /** Not sent at all: the proxy answers it with {@code reply} when its turn comes. */
        SYNTHESIZE
    }

    /** Heard once a tracked message is answered: true on success, false on an error or when it was skipped. */
    @FunctionalInterface
    interface Outcome {
        void done(boolean succeeded);
    }

    private record Entry(Kind kind, Action action, ByteBuf reply, Outcome outcome) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /**
     * An error came before the request's Sync was even sent: PostgreSQL skips every message up to that Sync, so
     * messages the client sends meanwhile get no reply and are not queued.
     */
    private boolean skipping;

    /** A message sent to PostgreSQL; {@code outcome} may be null. */
    void sent(Kind kind, Action action, Outcome outcome) {
        if (skipping && kind != Kind.SYNC) {
            if (outcome != null) {
                outcome.done(false);
            }
            return;
        }
        if (kind == Kind.SYNC) {
            skipping = false;
        }
        entries.addLast(new Entry(kind, action, null, outcome));
    }

    /** A message the proxy answers itself with {@code reply} (ownership taken). */
    void synthesized(ByteBuf reply) {
        if (skipping) {
            // PostgreSQL would not have answered it either.
            reply.release();
            return;
        }
        entries.addLast(new Entry(null, Action.SYNTHESIZE, reply, null));
    }

    /** Whether the next reply belongs to a message of {@code kind}. */
    boolean headIs(Kind kind) {
        Entry head = entries.peekFirst();
        return head != null && head.kind() == kind;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Writes the synthesized replies now at the head: nothing before them is still owed an answer. */
    void emitDue(Consumer<ByteBuf> client) {
        for (Entry head = entries.peekFirst(); head != null && head.action() == Action.SYNTHESIZE;
                head = entries.peekFirst()) {
            entries.pollFirst();
            client.accept(head.reply());
        }
    }

    /**
     * Routes one reply PostgreSQL sent for the client's requests (not notices, notifications or parameter
     * changes). Call {@link #emitDue} before and after.
     *
     * @return true to forward the reply to the client, false to drop it
     */
    boolean onReply(byte tag) {
        Entry head = entries.peekFirst();
        if (head == null) {
            return true;
        }
        if (tag == BackendTag.ERROR_RESPONSE) {
            if (head.kind() == Kind.QUERY || head.kind() == Kind.SYNC) {
                return true; // a simple query's error, or one at commit; ReadyForQuery still follows
            }
            entries.pollFirst();
            notify(head, false);
            skipToSync();
            return true;
        }
        if (completes(head.kind(), tag)) {
            entries.pollFirst();
            notify(head, true);
        }
        return head.action() == Action.FORWARD;
    }

    /** Drops everything (the server is closing or was given back); synthesized replies are released. */
    void clear() {
        skipping = false;
        for (Entry e = entries.pollFirst(); e != null; e = entries.pollFirst()) {
            if (e.reply() != null) {
                e.reply().release();
            }
            notify(e, false);
        }
    }

    private void skipToSync() {
        for (Entry e = entries.peekFirst(); e != null && e.kind() != Kind.SYNC; e = entries.peekFirst()) {
            entries.pollFirst();
            if (e.reply() != null) {
                e.reply().release();
            }
            notify(e, false);
        }
        // No Sync queued yet: the client's next messages up to its Sync are skipped as they come.
        skipping = entries.isEmpty();
    }

    private static boolean completes(Kind kind, byte tag) {
        return switch (kind) {
            case PARSE -> tag == BackendTag.PARSE_COMPLETE;
            case BIND -> tag == BackendTag.BIND_COMPLETE;
            case CLOSE -> tag == BackendTag.CLOSE_COMPLETE;
            case DESCRIBE_STATEMENT, DESCRIBE_PORTAL -> tag == BackendTag.ROW_DESCRIPTION || tag == BackendTag.NO_DATA;
            case EXECUTE -> tag == BackendTag.COMMAND_COMPLETE || tag == BackendTag.EMPTY_QUERY_RESPONSE
                    || tag == BackendTag.PORTAL_SUSPENDED;
            case SYNC, QUERY -> tag == BackendTag.READY_FOR_QUERY;
        };
    }

    private static void notify(Entry e, boolean succeeded) {
        if (e.outcome() != null) {
            e.outcome().done(succeeded);
        }
    }
}
