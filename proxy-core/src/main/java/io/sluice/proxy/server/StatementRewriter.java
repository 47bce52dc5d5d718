package io.sluice.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.backend.FixedReplies;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frame.PgFrameDecoder;
import io.sluice.protocol.frontend.Bind;
import io.sluice.protocol.frontend.Close;
import io.sluice.protocol.frontend.Describe;
import io.sluice.protocol.frontend.FrontendFrames;
import io.sluice.protocol.frontend.Parse;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.prepared.ClientStatements;
import io.sluice.proxy.prepared.ParseKeys;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.ServerStatements;
import io.sluice.proxy.prepared.StatementKey;
import io.sluice.proxy.prepared.StatementRegistry;
import io.sluice.proxy.server.MessageTracker.Action;
import io.sluice.proxy.server.MessageTracker.Kind;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepared statements in transaction mode: turns each client message into what the attached server needs.
 *
 * <ul>
 *   <li>Named {@code Parse}: recorded in the client's names and sent under the shared name {@code sluice_<n>};
 *       answered by Sluice ({@code ParseComplete}) when this server already has that statement. A name the client
 *       already uses gets PostgreSQL's own {@code 42P05}: the held statement is prepared twice.</li>
 *   <li>{@code Bind}, {@code Describe} of a statement: renamed; when this server lacks the statement, a {@code Parse}
 *       is injected just before, in the client's pipeline (no extra Sync or round trip); its success is swallowed,
 *       its failure is the failure of the client's request and PostgreSQL skips the rest up to Sync.</li>
 *   <li>{@code Close} of a statement: only the client's name goes; Sluice answers {@code CloseComplete} in order.</li>
 *   <li>{@code DEALLOCATE name} of a tracked name: runs as {@code DEALLOCATE sluice_<n>} on this server.</li>
 *   <li>The unnamed statement, portals and everything else pass through untouched.</li>
 * </ul>
 * Each server keeps at most {@code max_prepared_statements}; the least recently used is closed with an injected
 * {@code Close} when a new one is needed. Decisions happen on the server's loop, in message order.
 */
final class StatementRewriter {

    /** Where the decisions go: the server connection writes and tracks. */
    interface Sink {
        /** Writes {@code frame} to PostgreSQL; {@code kind} null means no reply is owed (Flush, CopyData…). */
        void send(ByteBuf frame, Kind kind, Action action, MessageTracker.Outcome outcome);

        /** Answers a client message in its turn, without sending anything. */
        void answer(ByteBuf reply);

        /** The client broke a limit: it is told and disconnected. */
        void refuse(ErrorResponse error);

        /** A renamed Bind failed; when PostgreSQL can no longer use the statement's plan, it is renamed. */
        void bindFailed(String name, StatementKey key);
    }

    private static final Pattern DEALLOCATE = Pattern.compile(
            "\\s*DEALLOCATE\\s+(?:PREPARE\\s+)?(?:\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*))\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final ServerStatements server;
    private final ByteBufAllocator alloc;
    private final Sink sink;
    /**
     * What a failed Bind of each server-side name does, made once per name rather than per Bind: a name stands for
     * one statement for good (a stale one is renamed, never reused), so an entry never goes stale. Emptied when it
     * holds twice as many names as the server may hold statements.
     */
    private final Map<String, MessageTracker.Outcome> bindOutcomes = new HashMap<>();
    /** The attached client's statements; one rewriter serves the server's successive clients. */
    private ClientStatements client;
    private StatementRegistry registry;
    private PreparedStatements counts;

    StatementRewriter(ServerStatements server, PreparedStatements prepared, ByteBufAllocator alloc, Sink sink) {
        this.server = server;
        this.alloc = alloc;
        this.sink = sink;
        attach(prepared);
    }

    /** Serves the client whose statements are {@code prepared} from now on. */
    StatementRewriter attach(PreparedStatements prepared) {
        this.client = prepared.client();
        this.registry = prepared.registry();
        this.counts = prepared;
        return this;
    }

    /**
     * Handles one whole client message; takes ownership of {@code frame}. A message too malformed to read is
     * released and the client refused with 08P01; nothing of it reaches the server. (The client connection checks
     * messages before they get here; this keeps a malformed one from leaking its frame or unsettling the server
     * should one slip through.)
     */
    void handle(ByteBuf frame) {
        try {
            dispatch(frame);
        } catch (ProtocolException e) {
            frame.release();
            sink.refuse(ProxyErrors.protocolViolation(e.getMessage()));
        }
    }

    private void dispatch(ByteBuf frame) {
        switch (Frames.tag(frame)) {
            case FrontendTag.PARSE -> parse(frame);
            case FrontendTag.BIND -> bind(frame);
            case FrontendTag.DESCRIBE -> describe(frame);
            case FrontendTag.CLOSE -> close(frame);
            case FrontendTag.EXECUTE -> sink.send(frame, Kind.EXECUTE, Action.FORWARD, null);
            case FrontendTag.SYNC -> sink.send(frame, Kind.SYNC, Action.FORWARD, null);
            case FrontendTag.QUERY -> query(frame);
            case FrontendTag.FUNCTION_CALL -> sink.send(frame, Kind.QUERY, Action.FORWARD, null);
            default -> sink.send(frame, null, Action.FORWARD, null);
        }
    }

    /**
     * Whether {@link #handle} would send the client message of {@code total} bytes at {@code start} in {@code in}
     * as it is, with no decision of its own: the unnamed statement's {@code Parse}, {@code Bind}, {@code Describe}
     * and {@code Close}, portals, {@code Execute}, {@code Sync}, {@code Flush}, COPY data and {@code FunctionCall}.
     * Such messages may reach the server in a run ({@link #kindOf} gives each one's tracker entry); a named statement
     * and a {@code Query} (it may be a {@code DEALLOCATE}) never do. The message must pass
     * {@link FrontendFrames#check(ByteBuf, int, int)} as well: this reads nothing outside the message, whatever its
     * bytes, so it may be asked first.
     */
    static boolean passesUnchanged(ByteBuf in, int start, int total) {
        int body = start + PgFrameDecoder.HEADER_LENGTH;
        return switch (in.getByte(start)) {
            case FrontendTag.PARSE -> total > PgFrameDecoder.HEADER_LENGTH && in.getByte(body) == 0;
            case FrontendTag.BIND -> !Bind.namesStatement(in, start, total);
            case FrontendTag.DESCRIBE, FrontendTag.CLOSE -> total > PgFrameDecoder.HEADER_LENGTH + 1
                    && (in.getByte(body) != 'S' || in.getByte(body + 1) == 0);
            case FrontendTag.EXECUTE, FrontendTag.SYNC, FrontendTag.FLUSH, FrontendTag.COPY_DATA, FrontendTag.COPY_DONE,
                    FrontendTag.COPY_FAIL, FrontendTag.FUNCTION_CALL -> true;
            default -> false;
        };
    }

    /** The tracker entry {@link #dispatch} makes for a message that {@link #passesUnchanged}; null for none. */
    static Kind kindOf(ByteBuf in, int start) {
        return switch (in.getByte(start)) {
            case FrontendTag.PARSE -> Kind.PARSE;
            case FrontendTag.BIND -> Kind.BIND;
            case FrontendTag.DESCRIBE -> in.getByte(start + PgFrameDecoder.HEADER_LENGTH) == 'S'
                    ? Kind.DESCRIBE_STATEMENT : Kind.DESCRIBE_PORTAL;
            case FrontendTag.CLOSE -> Kind.CLOSE;
            case FrontendTag.EXECUTE -> Kind.EXECUTE;
            case FrontendTag.SYNC -> Kind.SYNC;
            case FrontendTag.QUERY, FrontendTag.FUNCTION_CALL -> Kind.QUERY;
            default -> null;
        };
    }

    private void parse(ByteBuf frame) {
        if (Parse.isUnnamed(frame)) {
            // An unnamed statement: forwarded as it is, without decoding its query text.
            sink.send(frame, Kind.PARSE, Action.FORWARD, null);
            return;
        }
        // The statement is found by the bytes after the name (ParseKeys): a query prepared before is not decoded.
        StatementKey key = ParseKeys.keyOf(frame, registry);
        String clientName = Parse.name(frame);
        frame.release();
        counts.countClientParse();
        StatementKey held = client.get(clientName);
        if (held != null) {
            // The name is in use: let PostgreSQL answer as it would (42P05) by preparing the held one again.
            String heldName = registry.nameFor(held);
            ensurePrepared(heldName, held);
            sink.send(new Parse(heldName, held.query(), held.parameterTypes()).write(alloc), Kind.PARSE,
                    Action.FORWARD, null);
            return;
        }
        if (!client.add(clientName, key)) {
            sink.refuse(ProxyErrors.tooManyPreparedStatements(client.max()));
            return;
        }
        String name = registry.nameFor(key);
        ClientStatements owner = client;
        if (server.has(name)) {
            sink.answer(FixedReplies.parseComplete());
            return;
        }
        String victim = server.add(name, key);
        closeVictim(victim);
        counts.countServerParse();
        sink.send(new Parse(name, key.query(), key.parameterTypes()).write(alloc), Kind.PARSE, Action.FORWARD,
                ok -> {
                    if (ok) {
                        registry.prepared(key);
                    } else {
                        // Not prepared (an error, or skipped after one): neither the server nor the client has it.
                        server.remove(name);
                        owner.remove(clientName);
                    }
                });
    }

    private void bind(ByteBuf frame) {
        int start = Bind.statementStart(frame);
        int length = Frames.cStringEnd(frame, start) - start;
        StatementKey key = length == 0 ? null : client.get(frame, start, length);
        if (key == null) {
            // Unnamed, or a name the client never prepared: PostgreSQL answers (26000 names the client's name).
            sink.send(frame, Kind.BIND, Action.FORWARD, null);
            return;
        }
        String name = registry.nameFor(key);
        ensurePrepared(name, key);
        counts.countBind();
        ByteBuf renamed = Bind.withStatement(frame, start, name, alloc);
        frame.release();
        sink.send(renamed, Kind.BIND, Action.FORWARD, bindOutcome(name, key));
    }

    private MessageTracker.Outcome bindOutcome(String name, StatementKey key) {
        MessageTracker.Outcome outcome = bindOutcomes.get(name);
        if (outcome == null) {
            if (bindOutcomes.size() >= 2 * Math.max(16, server.max())) {
                bindOutcomes.clear();
            }
            outcome = ok -> {
                if (!ok) {
                    sink.bindFailed(name, key);
                }
            };
            bindOutcomes.put(name, outcome);
        }
        return outcome;
    }

    private void describe(ByteBuf frame) {
        if (Describe.kind(frame) != 'S') {
            sink.send(frame, Kind.DESCRIBE_PORTAL, Action.FORWARD, null);
            return;
        }
        String statement = Describe.name(frame);
        StatementKey key = statement.isEmpty() ? null : client.get(statement);
        if (key == null) {
            sink.send(frame, Kind.DESCRIBE_STATEMENT, Action.FORWARD, null);
            return;
        }
        String name = registry.nameFor(key);
        ensurePrepared(name, key);
        ByteBuf renamed = Describe.withName(frame, name, alloc);
        frame.release();
        sink.send(renamed, Kind.DESCRIBE_STATEMENT, Action.FORWARD, null);
    }

    private void close(ByteBuf frame) {
        String clientName = Close.kind(frame) == 'S' ? Close.name(frame) : "";
        if (clientName.isEmpty()) {
            sink.send(frame, Kind.CLOSE, Action.FORWARD, null);
            return;
        }
        // Only the client's name goes: the statement stays on servers for everyone who shares it.
        client.remove(clientName);
        frame.release();
        sink.answer(FixedReplies.closeComplete());
    }

    private void query(ByteBuf frame) {
        if (!SqlLiterals.startsWithKeyword(frame, "DEALLOCATE")) {
            sink.send(frame, Kind.QUERY, Action.FORWARD, null);
            return;
        }
        Matcher m = DEALLOCATE.matcher(Query.sql(frame));
        String clientName = !m.matches() ? null : m.group(1) != null ? m.group(1) : m.group(2);
        StatementKey key = clientName == null || clientName.equalsIgnoreCase("ALL") ? null : client.get(clientName);
        if (key == null) {
            // DEALLOCATE ALL (handled when PostgreSQL confirms it), or a name Sluice does not track.
            sink.send(frame, Kind.QUERY, Action.FORWARD, null);
            return;
        }
        frame.release();
        client.remove(clientName);
        String name = registry.nameFor(key);
        ensurePrepared(name, key);
        sink.send(Query.write(alloc, "DEALLOCATE " + name), Kind.QUERY, Action.FORWARD, ok -> {
            if (ok) {
                server.remove(name);
            }
        });
    }

    /** Injects a Parse of {@code name} before the next message when this server lacks it. */
    private void ensurePrepared(String name, StatementKey key) {
        if (server.has(name)) {
            return;
        }
        closeVictim(server.add(name, key));
        counts.countServerParse();
        sink.send(new Parse(name, key.query(), key.parameterTypes()).write(alloc), Kind.PARSE,
                Action.SWALLOW_SUCCESS, ok -> {
                    if (ok) {
                        registry.prepared(key);
                    } else {
                        server.remove(name);
                    }
                });
    }

    private void closeVictim(String victim) {
        if (victim != null) {
            counts.countEviction();
            sink.send(Close.write(alloc, (byte) 'S', victim), Kind.CLOSE, Action.SWALLOW_SUCCESS, null);
        }
    }
}
