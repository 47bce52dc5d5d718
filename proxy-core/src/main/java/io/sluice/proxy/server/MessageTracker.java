package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.BackendTag;
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

    /*
     * The entries, oldest first, in a ring of parallel arrays (index head, then size entries, wrapping): one
     * entry per message of every tracked request, so no object is made per entry. A synthesized entry has a
     * null kind and its reply; the others a null reply.
     */
    private Kind[] kinds = new Kind[16];
    private Action[] actions = new Action[16];
    private ByteBuf[] replies = new ByteBuf[16];
    private Outcome[] outcomes = new Outcome[16];
    private int head;
    private int size;
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
        add(kind, action, null, outcome);
    }

    /** A message the proxy answers itself with {@code reply} (ownership taken). */
    void synthesized(ByteBuf reply) {
        if (skipping) {
            // PostgreSQL would not have answered it either.
            reply.release();
            return;
        }
        add(null, Action.SYNTHESIZE, reply, null);
    }

    /** Whether the next reply belongs to a message of {@code kind}. */
    boolean headIs(Kind kind) {
        return size > 0 && kinds[head] == kind;
    }

    /** Whether the next reply is PostgreSQL's answer to a message of the client's own, due to reach it. */
    boolean forwardsNext() {
        return size > 0 && actions[head] == Action.FORWARD;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Writes the synthesized replies now at the head: nothing before them is still owed an answer. */
    void emitDue(Consumer<ByteBuf> client) {
        while (size > 0 && actions[head] == Action.SYNTHESIZE) {
            ByteBuf reply = replies[head];
            removeHead();
            client.accept(reply);
        }
    }

    /**
     * Routes one reply PostgreSQL sent for the client's requests (not notices, notifications or parameter
     * changes). Call {@link #emitDue} before and after.
     *
     * @return true to forward the reply to the client, false to drop it
     */
    boolean onReply(byte tag) {
        if (size == 0) {
            return true;
        }
        Kind kind = kinds[head];
        Action action = actions[head];
        if (tag == BackendTag.ERROR_RESPONSE) {
            if (kind == Kind.QUERY || kind == Kind.SYNC) {
                return true; // a simple query's error, or one at commit; ReadyForQuery still follows
            }
            Outcome outcome = outcomes[head];
            removeHead();
            notify(outcome, false);
            skipToSync();
            return true;
        }
        if (completes(kind, tag)) {
            Outcome outcome = outcomes[head];
            removeHead();
            notify(outcome, true);
        }
        return action == Action.FORWARD;
    }

    /** Drops everything (the server is closing or was given back); synthesized replies are released. */
    void clear() {
        skipping = false;
        dropWhile(null);
    }

    private void skipToSync() {
        dropWhile(Kind.SYNC);
        // No Sync queued yet: the client's next messages up to its Sync are skipped as they come.
        skipping = size == 0;
    }

    /** Drops entries from the head, each unanswered, until one of kind {@code until} (never, when null). */
    private void dropWhile(Kind until) {
        while (size > 0 && (until == null || kinds[head] != until)) {
            ByteBuf reply = replies[head];
            Outcome outcome = outcomes[head];
            removeHead();
            if (reply != null) {
                reply.release();
            }
            notify(outcome, false);
        }
    }

    private void add(Kind kind, Action action, ByteBuf reply, Outcome outcome) {
        if (size == kinds.length) {
            grow();
        }
        int at = (head + size) & (kinds.length - 1);
        kinds[at] = kind;
        actions[at] = action;
        replies[at] = reply;
        outcomes[at] = outcome;
        size++;
    }

    private void removeHead() {
        kinds[head] = null;
        actions[head] = null;
        replies[head] = null;
        outcomes[head] = null;
        head = (head + 1) & (kinds.length - 1);
        size--;
    }

    /** Doubles the ring (its length stays a power of two), oldest entry first. */
    private void grow() {
        int n = kinds.length;
        kinds = unwrap(kinds, new Kind[n * 2]);
        actions = unwrap(actions, new Action[n * 2]);
        replies = unwrap(replies, new ByteBuf[n * 2]);
        outcomes = unwrap(outcomes, new Outcome[n * 2]);
        head = 0;
    }

    private <T> T[] unwrap(T[] from, T[] to) {
        int firstPart = from.length - head;
        System.arraycopy(from, head, to, 0, firstPart);
        System.arraycopy(from, 0, to, firstPart, head);
        return to;
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

    private static void notify(Outcome outcome, boolean succeeded) {
        if (outcome != null) {
            outcome.done(succeeded);
        }
    }
}
