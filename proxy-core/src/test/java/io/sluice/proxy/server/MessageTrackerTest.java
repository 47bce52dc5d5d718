package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.backend.FixedReplies;
import io.sluice.proxy.server.MessageTracker.Action;
import io.sluice.proxy.server.MessageTracker.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per ordering; each comment names the reply PostgreSQL sends at that point. */
class MessageTrackerTest {

    private final MessageTracker tracker = new MessageTracker();
    private final List<String> toClient = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();

    @Test
    void parseBindExecuteSyncForwardsEverything() {
        send(Kind.PARSE, Action.FORWARD, "parse");
        send(Kind.BIND, Action.FORWARD, "bind");
        send(Kind.EXECUTE, Action.FORWARD, "execute");
        send(Kind.SYNC, Action.FORWARD, null);
        assertEquals(List.of("1", "2", "D", "C", "Z"), replies('1', '2', 'D', 'C', 'Z'));
        assertEquals(List.of("parse ok", "bind ok", "execute ok"), outcomes);
        assertTrue(tracker.isEmpty());
    }

    @Test
    void synthesizedParseCompleteComesBeforeTheBindComplete() {
        // The server already has the statement: Sluice answers the client's Parse itself.
        tracker.synthesized(FixedReplies.parseComplete());
        send(Kind.BIND, Action.FORWARD, null);
        send(Kind.EXECUTE, Action.FORWARD, null);
        send(Kind.SYNC, Action.FORWARD, null);
        // Due at once: nothing before it is owed (PostgreSQL may send nothing until Sync).
        tracker.emitDue(this::emit);
        assertEquals(List.of("1"), toClient);
        assertEquals(List.of("1", "2", "D", "C", "Z"), (replies('2', 'D', 'C', 'Z')));
    }

    @Test
    void injectedParseIsSwallowedBeforeTheClientsBind() {
        send(Kind.PARSE, Action.SWALLOW_SUCCESS, "injected");
        send(Kind.BIND, Action.FORWARD, null);
        send(Kind.EXECUTE, Action.FORWARD, null);
        send(Kind.SYNC, Action.FORWARD, null);
        assertEquals(List.of("2", "D", "C", "Z"), replies('1', '2', 'D', 'C', 'Z'));
        assertEquals(List.of("injected ok"), outcomes);
    }

    @Test
    void injectedParseThatFailsIsTheClientsErrorAndTheRestIsSkipped() {
        send(Kind.PARSE, Action.SWALLOW_SUCCESS, "injected");
        tracker.synthesized(FixedReplies.closeComplete());
        send(Kind.BIND, Action.FORWARD, "bind");
        send(Kind.EXECUTE, Action.FORWARD, "execute");
        send(Kind.SYNC, Action.FORWARD, null);
        // E for the injected Parse (e.g. a table dropped meanwhile), then PostgreSQL skips to Sync: Z.
        assertEquals(List.of("E", "Z"), replies('E', 'Z'));
        assertEquals(List.of("injected failed", "bind failed", "execute failed"), outcomes);
        assertTrue(tracker.isEmpty());
    }

    @Test
    void threePipelinedStatementsWithAnErrorInTheSecond() {
        for (String name : List.of("first", "second", "third")) {
            send(Kind.PARSE, Action.FORWARD, name + " parse");
            send(Kind.BIND, Action.FORWARD, name + " bind");
            send(Kind.EXECUTE, Action.FORWARD, name + " execute");
        }
        send(Kind.SYNC, Action.FORWARD, null);
        // first: 1 2 C; second: 1 2 E; third: skipped; Sync: Z
        assertEquals(List.of("1", "2", "C", "1", "2", "E", "Z"), replies('1', '2', 'C', '1', '2', 'E', 'Z'));
        assertEquals(List.of("first parse ok", "first bind ok", "first execute ok", "second parse ok",
                "second bind ok", "second execute failed", "third parse failed", "third bind failed",
                "third execute failed"), outcomes);
    }

    @Test
    void errorBeforeTheRestOfTheRequestArrivedSkipsItAsItComes() {
        send(Kind.BIND, Action.FORWARD, "bind");
        // E for the Bind, sent before the client's Execute and Sync even reached Sluice.
        assertEquals(List.of("E"), replies('E'));
        send(Kind.EXECUTE, Action.FORWARD, "execute");
        tracker.synthesized(FixedReplies.closeComplete());
        send(Kind.SYNC, Action.FORWARD, null);
        // PostgreSQL skipped the Execute: only Z comes, and nothing stale is left to misroute later replies.
        assertEquals(List.of("E", "Z"), replies('Z'));
        assertTrue(tracker.isEmpty());
        assertEquals(List.of("bind failed", "execute failed"), outcomes);
    }

    @Test
    void describeFlushThenBindExecuteSyncLater() {
        send(Kind.PARSE, Action.FORWARD, null);
        send(Kind.DESCRIBE_STATEMENT, Action.FORWARD, null);
        // Flush: 1, t, T arrive before any Sync.
        assertEquals(List.of("1", "t", "T"), replies('1', 't', 'T'));
        toClient.clear();
        send(Kind.BIND, Action.FORWARD, null);
        send(Kind.EXECUTE, Action.FORWARD, null);
        send(Kind.SYNC, Action.FORWARD, null);
        assertEquals(List.of("2", "D", "C", "Z"), replies('2', 'D', 'C', 'Z'));
        assertTrue(tracker.isEmpty());
    }

    @Test
    void evictionCloseInjectedMidPipelineIsSwallowed() {
        send(Kind.BIND, Action.FORWARD, null);
        send(Kind.EXECUTE, Action.FORWARD, null);
        send(Kind.CLOSE, Action.SWALLOW_SUCCESS, "evict");
        send(Kind.PARSE, Action.SWALLOW_SUCCESS, "reprepare");
        send(Kind.BIND, Action.FORWARD, null);
        send(Kind.EXECUTE, Action.FORWARD, null);
        send(Kind.SYNC, Action.FORWARD, null);
        assertEquals(List.of("2", "C", "2", "C", "Z"), replies('2', 'C', '3', '1', '2', 'C', 'Z'));
        assertEquals(List.of("evict ok", "reprepare ok"), outcomes);
    }

    @Test
    void closeAnsweredBySluiceThenReParseOfTheSameName() {
        // Close S_1 answered locally; the re-Parse of S_1 for another query goes to the server.
        tracker.synthesized(FixedReplies.closeComplete());
        send(Kind.PARSE, Action.FORWARD, null);
        send(Kind.SYNC, Action.FORWARD, null);
        tracker.emitDue(this::emit);
        assertEquals(List.of("3", "1", "Z"), (replies('1', 'Z')));
    }

    @Test
    void simpleQueryErrorDoesNotEndTheQueryBeforeReadyForQuery() {
        send(Kind.QUERY, Action.FORWARD, "query");
        assertEquals(List.of("T", "D", "C", "E", "Z"), replies('T', 'D', 'C', 'E', 'Z'));
        assertEquals(List.of("query ok"), outcomes);
    }

    @Test
    void clearReleasesSynthesizedRepliesAndReportsTheRestAsFailed() {
        tracker.synthesized(FixedReplies.parseComplete());
        send(Kind.BIND, Action.FORWARD, "bind");
        tracker.clear();
        assertTrue(tracker.isEmpty());
        assertEquals(List.of("bind failed"), outcomes);
        assertFalse(toClient.contains("1"));
    }

    @Test
    void aLongPipelineKeepsItsOrderAcrossTheRingsGrowth() {
        // 3 requests of 5 messages, then 4 more: the ring of 16 wraps and then doubles with entries outstanding.
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int request = 0; request < 3; request++) {
                send(Kind.PARSE, Action.FORWARD, null);
                tracker.synthesized(FixedReplies.closeComplete());
                send(Kind.BIND, Action.FORWARD, "bind " + round + "." + request);
                send(Kind.EXECUTE, Action.FORWARD, null);
                send(Kind.SYNC, Action.FORWARD, null);
            }
            for (int request = 0; request < 3; request++) {
                replies('1', '2', 'C', 'Z');
                expected.addAll(List.of("1", "3", "2", "C", "Z"));
                if (round == 0 && request == 0) {
                    // Wrap: more requests arrive while the first ones are answered.
                    for (int more = 0; more < 4; more++) {
                        send(Kind.PARSE, Action.FORWARD, null);
                        send(Kind.SYNC, Action.FORWARD, null);
                    }
                }
            }
            if (round == 0) {
                for (int more = 0; more < 4; more++) {
                    replies('1', 'Z');
                    expected.addAll(List.of("1", "Z"));
                }
            }
        }
        assertEquals(expected, toClient);
        assertEquals(List.of("bind 0.0 ok", "bind 0.1 ok", "bind 0.2 ok", "bind 1.0 ok", "bind 1.1 ok",
                "bind 1.2 ok"), outcomes);
        assertTrue(tracker.isEmpty());
    }

    @Test
    void growingPastSixteenOutstandingMessagesLosesNone() {
        for (int i = 0; i < 40; i++) {
            send(Kind.BIND, Action.FORWARD, "bind " + i);
        }
        send(Kind.SYNC, Action.FORWARD, null);
        char[] answers = new char[41];
        java.util.Arrays.fill(answers, '2');
        answers[40] = 'Z';
        assertEquals(41, replies(answers).size());
        assertEquals(40, outcomes.size());
        assertEquals("bind 39 ok", outcomes.get(39));
        assertTrue(tracker.isEmpty());
    }

    private void send(Kind kind, Action action, String label) {
        tracker.sent(kind, action, label == null ? null : ok -> outcomes.add(label + (ok ? " ok" : " failed")));
    }

    /** Feeds replies as PostgreSQL would send them; returns what the client receives. */
    private List<String> replies(char... tags) {
        for (char tag : tags) {
            tracker.emitDue(this::emit);
            if (tracker.onReply((byte) tag)) {
                toClient.add(String.valueOf(tag));
            }
            tracker.emitDue(this::emit);
        }
        return new ArrayList<>(toClient);
    }

    private void emit(ByteBuf reply) {
        toClient.add(String.valueOf((char) reply.getByte(reply.readerIndex())));
        reply.release();
    }
}
