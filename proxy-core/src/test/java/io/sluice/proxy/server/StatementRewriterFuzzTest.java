package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frontend.Bind;
import io.sluice.protocol.frontend.Close;
import io.sluice.protocol.frontend.Describe;
import io.sluice.protocol.frontend.FrontendFrames;
import io.sluice.protocol.frontend.ParameterTypes;
import io.sluice.protocol.frontend.Parse;
import io.sluice.protocol.frontend.Query;
import io.sluice.proxy.prepared.ClientStatements;
import io.sluice.proxy.prepared.PreparedStatements;
import io.sluice.proxy.prepared.ServerStatements;
import io.sluice.proxy.prepared.StatementKey;
import io.sluice.proxy.prepared.StatementRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link StatementRewriter} with sequences of client messages (named and unnamed Parse, Bind, Describe,
 * Close, DEALLOCATE, raw bytes) and server outcomes (success or failure of each tracked message, in any order).
 * Invariants: it never throws; every frame it is given and every frame it writes is released exactly once; only
 * a malformed message is refused with 08P01; the per-server and per-client caps hold; a well-formed message that
 * {@link StatementRewriter#passesUnchanged} lets into a run is one it sends as it is, with
 * {@link StatementRewriter#kindOf}'s tracker entry, and asking reads nothing outside the message.
 */
class StatementRewriterFuzzTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();
    private static final String[] NAMES = {"", "S_1", "S_2", "a", "\"q\""};
    private static final String[] QUERIES = {"SELECT 1", "SELECT $1", "SELECT 2", ""};
    private static final String[] SQL = {"DEALLOCATE S_1", "deallocate prepare a", "DEALLOCATE ALL",
        "DEALLOCATE \"S_2\"", "SELECT 1", "DEALLOCATE"};

    @FuzzTest(maxDuration = "60s")
    void rewritesWithoutLeaksOrSurprises(FuzzedDataProvider data) {
        ServerStatements server = new ServerStatements(data.consumeInt(1, 3));
        ClientStatements client = new ClientStatements(data.consumeInt(1, 4));
        Sink sink = new Sink(server);
        StatementRewriter rewriter = new StatementRewriter(server,
                new PreparedStatements(client, new StatementRegistry(), 3), ALLOC, sink);
        List<ByteBuf> given = new ArrayList<>();
        int messages = data.consumeInt(1, 30);
        for (int i = 0; i < messages && data.remainingBytes() > 0; i++) {
            ByteBuf frame = message(data);
            given.add(frame);
            boolean valid = isValid(frame);
            // Asked of any bytes, in a buffer that ends where the message does: it must read nothing beyond it.
            ByteBuf exact = Unpooled.copiedBuffer(frame);
            boolean inRun = StatementRewriter.passesUnchanged(exact, 0, exact.readableBytes()) && valid;
            MessageTracker.Kind kind = inRun ? StatementRewriter.kindOf(exact, 0) : null;
            exact.release();
            int violationsBefore = sink.violations;
            int writtenBefore = sink.written.size();
            rewriter.handle(frame);
            if (valid) {
                assertEquals(violationsBefore, sink.violations, "a well-formed message was refused with 08P01");
            }
            if (inRun) {
                // What may travel in a run is what handle sends as it is, alone, with the same tracker entry.
                assertEquals(writtenBefore + 1, sink.written.size(), "a message for runs was not sent alone");
                assertSame(frame, sink.written.get(writtenBefore), "a message for runs was changed");
                assertEquals(kind, sink.kinds.get(writtenBefore));
                assertEquals(MessageTracker.Action.FORWARD, sink.actions.get(writtenBefore));
            }
            while (!sink.outcomes.isEmpty() && data.consumeBoolean()) {
                int at = data.consumeInt(0, sink.outcomes.size() - 1);
                sink.outcomes.remove(at).done(data.consumeBoolean());
            }
            assertTrue(server.size() <= 3 && client.size() <= client.max(), "a cap was exceeded");
        }
        // What went to the server is released by the server's channel; then nothing may be left.
        for (ByteBuf frame : sink.written) {
            assertEquals(1, frame.refCnt(), "a written frame was released early or retained");
            frame.release();
        }
        for (ByteBuf frame : given) {
            assertEquals(0, frame.refCnt(), "a client frame was neither forwarded nor released");
        }
    }

    private static boolean isValid(ByteBuf frame) {
        try {
            FrontendFrames.check(frame);
            return true;
        } catch (io.sluice.protocol.ProtocolException e) {
            return false;
        }
    }

    private static ByteBuf message(FuzzedDataProvider data) {
        String name = data.pickValue(NAMES);
        return switch (data.consumeInt(0, 7)) {
            case 0 -> new Parse(name, data.pickValue(QUERIES), data.consumeBoolean() ? ParameterTypes.NONE
                    : ParameterTypes.of(data.consumeInt())).write(ALLOC);
            case 1 -> bind(name);
            case 2 -> Describe.write(ALLOC, data.consumeBoolean() ? Describe.STATEMENT : Describe.PORTAL, name);
            case 3 -> Close.write(ALLOC, data.consumeBoolean() ? Close.STATEMENT : Close.PORTAL, name);
            case 4 -> Query.write(ALLOC, data.pickValue(SQL));
            case 5 -> Unpooled.buffer().writeByte(FrontendTag.SYNC).writeInt(4);
            default -> {
                byte tag = data.pickValue(new byte[] {'P', 'B', 'D', 'C', 'Q', 'E', 'S', 'H', 'd'});
                byte[] body = data.consumeBytes(data.consumeInt(0, 64));
                yield Unpooled.buffer().writeByte(tag).writeInt(4 + body.length).writeBytes(body);
            }
        };
    }

    private static ByteBuf bind(String statement) {
        ByteBuf frame = Unpooled.buffer().writeByte(FrontendTag.BIND).writeInt(0);
        frame.writeByte(0);
        frame.writeCharSequence(statement, java.nio.charset.StandardCharsets.UTF_8);
        frame.writeByte(0).writeShort(0).writeShort(1).writeInt(1).writeByte('7').writeShort(0);
        frame.setInt(1, frame.readableBytes() - 1);
        // The reader is the one under test elsewhere; here it must agree with what was written.
        assertEquals(statement, Bind.statement(frame));
        return frame;
    }

    /** Keeps what the rewriter writes, and the outcomes it waits for, for the test to settle. */
    private static final class Sink implements StatementRewriter.Sink {
        final List<ByteBuf> written = new ArrayList<>();
        /** The tracker entry of each written frame, in the same order. */
        final List<MessageTracker.Kind> kinds = new ArrayList<>();
        final List<MessageTracker.Action> actions = new ArrayList<>();
        final List<MessageTracker.Outcome> outcomes = new ArrayList<>();
        final ServerStatements server;
        int violations;

        Sink(ServerStatements server) {
            this.server = server;
        }

        @Override
        public void send(ByteBuf frame, MessageTracker.Kind kind, MessageTracker.Action action,
                MessageTracker.Outcome outcome) {
            written.add(frame);
            kinds.add(kind);
            actions.add(action);
            if (outcome != null) {
                outcomes.add(outcome);
            }
        }

        @Override
        public void answer(ByteBuf reply) {
            reply.release();
        }

        @Override
        public void refuse(ErrorResponse error) {
            assertTrue(error.sqlState().equals(SqlState.PROTOCOL_VIOLATION)
                    || error.sqlState().equals(SqlState.PROGRAM_LIMIT_EXCEEDED), "refused with " + error.sqlState());
            if (error.sqlState().equals(SqlState.PROTOCOL_VIOLATION)) {
                violations++;
            }
        }

        @Override
        public void bindFailed(String name, StatementKey key) {
            server.remove(name);
        }
    }
}
