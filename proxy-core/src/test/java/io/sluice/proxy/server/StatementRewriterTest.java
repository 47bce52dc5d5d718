package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.protocol.frame.Frames;
import io.sluice.protocol.frontend.Bind;
import io.sluice.protocol.frontend.Close;
import io.sluice.protocol.frontend.ParameterTypes;
import io.sluice.protocol.frontend.Parse;
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
