package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Bind;
import io.sluice.protocol.frontend.Close;
import io.sluice.protocol.frontend.Describe;
import io.sluice.protocol.frontend.FrontendMessages;
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
import org.junit.jupiter.api.Test;

/** What each client message becomes; the sink records it as "kind/action name" lines. */
class StatementRewriterTest {

    private static final ByteBufAllocator ALLOC = Unpooled.buffer().alloc();

    private final StatementRegistry registry = new StatementRegistry();
    private final ServerStatements server = new ServerStatements(2);
    private final ClientStatements client = new ClientStatements(3);
    private final List<String> sent = new ArrayList<>();
    private final List<MessageTracker.Outcome> outcomes = new ArrayList<>();
    /** The bytes of each frame sent, in order. */
    private final List<byte[]> frames = new ArrayList<>();
    private final StatementRewriter rewriter = new StatementRewriter(server,
            new PreparedStatements(client, registry, 2), ALLOC, new RecordingSink());

    @Test
    void newNamedParseIsSentUnderTheSharedName() {
        rewriter.handle(parse("S_1", "SELECT 1"));
        assertEquals(List.of("PARSE/FORWARD P sluice_1"), sent);
        outcomes.get(0).done(true);
        assertEquals(1, server.size());
    }

    @Test
    void parseTheServerAlreadyHasIsAnsweredBySluice() {
        server.add("sluice_1", key("SELECT 1"));
        registry.nameFor(key("SELECT 1"));
        rewriter.handle(parse("S_7", "SELECT 1"));
        assertEquals(List.of("answer 1"), sent);
    }

    @Test
    void bindOnAServerLackingTheStatementInjectsItsParseFirst() {
        client.add("S_1", registry.intern(key("SELECT 1")));
        rewriter.handle(bind("S_1"));
        assertEquals(List.of("PARSE/SWALLOW_SUCCESS P sluice_1", "BIND/FORWARD B sluice_1"), sent);
    }

    @Test
    void bindOfAnUnknownNameGoesToPostgresAsIs() {
        rewriter.handle(bind("S_404"));
        assertEquals(List.of("BIND/FORWARD B S_404"), sent);
    }

    @Test
    void failedParseForgetsTheClientsNameAndTheServersStatement() {
        rewriter.handle(parse("S_1", "SELEC oops"));
        outcomes.get(0).done(false);
        assertEquals(0, server.size());
        assertEquals(0, client.size());
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedForANewOne() {
        rewriter.handle(parse("S_1", "SELECT 1"));
        rewriter.handle(parse("S_2", "SELECT 2"));
        rewriter.handle(parse("S_3", "SELECT 3"));
        assertEquals(List.of("PARSE/FORWARD P sluice_1", "PARSE/FORWARD P sluice_2",
                "CLOSE/SWALLOW_SUCCESS C sluice_1", "PARSE/FORWARD P sluice_3"), sent);
        assertArrayEquals(new long[] {3, 3, 0, 1}, registry.counters());
    }

    @Test
    void closeOfAStatementOnlyDropsTheClientsNameAndIsAnsweredInOrder() {
        rewriter.handle(parse("S_1", "SELECT 1"));
        rewriter.handle(Close.write(ALLOC, (byte) 'S', "S_1"));
        assertEquals(List.of("PARSE/FORWARD P sluice_1", "answer 3"), sent);
        assertEquals(0, client.size());
        assertEquals(1, server.size(), "others may share the statement");
    }

    @Test
    void nameInUseIsPreparedAgainSoPostgresAnswers42P05() {
        rewriter.handle(parse("S_1", "SELECT 1"));
        rewriter.handle(parse("S_1", "SELECT 2"));
        assertEquals(List.of("PARSE/FORWARD P sluice_1", "PARSE/FORWARD P sluice_1"), sent);
    }

    @Test
    void aClientPastItsLimitIsRefused() {
        for (int i = 1; i <= 4; i++) {
            rewriter.handle(parse("S_" + i, "SELECT " + i));
        }
        assertEquals("refuse 54000", sent.get(sent.size() - 1));
    }

    @Test
    void whatMayTravelInARunIsWhatHandleSendsUnchangedWithTheSameTrackerEntry() {
        client.add("S_1", registry.intern(key("SELECT 1")));
        List<ByteBuf> messages = List.of(parse("", "SELECT 1"), parse("S_2", "SELECT 2"), bind(""), bind("S_1"),
                bind("S_404"), Describe.write(ALLOC, (byte) 'P', ""), Describe.write(ALLOC, (byte) 'S', ""),
                Describe.write(ALLOC, (byte) 'S', "S_1"), Close.write(ALLOC, (byte) 'P', "p"),
                Close.write(ALLOC, (byte) 'S', ""), Close.write(ALLOC, (byte) 'S', "S_1"),
                Unpooled.buffer().writeByte('E').writeInt(9).writeByte(0).writeInt(0), FrontendMessages.sync(ALLOC),
                FrontendMessages.flush(ALLOC), Unpooled.buffer().writeByte('d').writeInt(7).writeMedium(0x313233),
                Unpooled.buffer().writeByte('c').writeInt(4), Unpooled.buffer().writeByte('f').writeInt(5).writeByte(0),
                Unpooled.buffer().writeByte('F').writeInt(14).writeInt(1299).writeShort(0).writeShort(0).writeShort(0),
                Query.write(ALLOC, "SELECT 1"), Query.write(ALLOC, "DEALLOCATE S_1"));
        int joining = 0;
        for (ByteBuf message : messages) {
            // Read in place, as the frame decoder offers it: behind other bytes in a larger buffer.
            ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {'S', 0, 0, 0, 4}).writeBytes(message, 0,
                    message.readableBytes());
            int total = message.readableBytes();
            boolean passes = StatementRewriter.passesUnchanged(in, 5, total);
            MessageTracker.Kind kind = StatementRewriter.kindOf(in, 5);
            sent.clear();
            frames.clear();
            rewriter.handle(message);
            String what = (char) in.getByte(5) + " " + sent;
            if (passes) {
                joining++;
                assertEquals(List.of(kind + "/FORWARD"), sent.stream().map(line -> line.split(" ")[0]).toList(), what);
                assertArrayEquals(ByteBufUtil.getBytes(in, 5, total), frames.get(0), what);
            }
            in.release();
        }
        // Unnamed Parse, Bind, both Describes and Closes not of a named statement, Execute, Sync, Flush, COPY, F.
        assertEquals(13, joining);
    }

    @Test
    void askingWhetherAMessageMayTravelInARunReadsNothingOutsideIt() {
        // Malformed, and followed by bytes of another message that must not be taken for their missing fields.
        ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {'P', 0, 0, 0, 4, 'D', 0, 0, 0, 5, 'S', 'C', 0, 0, 0, 4,
            'B', 0, 0, 0, 6, 'x', 'x', 0, 0});
        assertEquals(false, StatementRewriter.passesUnchanged(in, 0, 5), "Parse without a body");
        assertEquals(false, StatementRewriter.passesUnchanged(in, 5, 6), "Describe 'S' without a name");
        assertEquals(false, StatementRewriter.passesUnchanged(in, 11, 5), "Close without a kind");
        // A portal name that does not end inside the Bind: left for the layout check to refuse.
        assertEquals(true, StatementRewriter.passesUnchanged(in, 16, 7), "Bind with an unterminated portal");
        in.release();
    }

    private static StatementKey key(String sql) {
        return new StatementKey(sql, ParameterTypes.NONE);
    }

    private static ByteBuf parse(String name, String sql) {
        return new Parse(name, sql, ParameterTypes.NONE).write(ALLOC);
    }

    private static ByteBuf bind(String statement) {
        byte[] name = statement.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Unpooled.buffer().writeByte('B').writeInt(4 + 1 + name.length + 1 + 6)
                .writeByte(0).writeBytes(name).writeByte(0).writeShort(0).writeShort(0).writeShort(0);
    }

    private final class RecordingSink implements StatementRewriter.Sink {
        @Override
        public void send(ByteBuf frame, MessageTracker.Kind kind, MessageTracker.Action action,
                MessageTracker.Outcome outcome) {
            char tag = (char) Frames.tag(frame);
            String name = switch (tag) {
                case 'P' -> Parse.read(frame).name();
                case 'B' -> Bind.statement(frame);
                case 'C' -> Close.name(frame);
                default -> "";
            };
            sent.add(kind + "/" + action + " " + tag + " " + name);
            frames.add(ByteBufUtil.getBytes(frame));
            if (outcome != null) {
                outcomes.add(outcome);
            }
            frame.release();
        }

        @Override
        public void answer(ByteBuf reply) {
            sent.add("answer " + (char) reply.getByte(reply.readerIndex()));
            reply.release();
        }

        @Override
        public void refuse(ErrorResponse error) {
            sent.add("refuse " + error.sqlState());
        }

        @Override
        public void bindFailed(String name, StatementKey key) {
            sent.add("bindFailed " + name);
        }
    }
}
