package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.SqlState;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.server.Expectation.Disposition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per ordering of requests and replies; each comment names what PostgreSQL sends at that point. */
class ExpectationQueueTest {

    private final ExpectationQueue queue = new ExpectationQueue();

    @Test
    void simpleQueryIsOneClosedRequest() {
        queue.clientMessage(FrontendTag.QUERY);
        assertEquals(1, queue.inFlight());
        // T, D, C arrive: forwarded
        assertEquals(Disposition.FORWARD, queue.disposition());
        // Z
        assertEquals(Disposition.FORWARD, queue.readyForQuery().disposition());
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.inFlight());
    }

    @Test
    void parseBindExecuteSyncIsOneRequestEndedBySync() {
        queue.clientMessage(FrontendTag.PARSE);
        queue.clientMessage(FrontendTag.BIND);
        queue.clientMessage(FrontendTag.EXECUTE);
        // Nothing counts as in flight until Sync: no ReadyForQuery is owed yet.
        assertEquals(0, queue.inFlight());
        assertEquals(Disposition.FORWARD, queue.disposition());
        queue.clientMessage(FrontendTag.SYNC);
        assertEquals(1, queue.inFlight());
        // 1, 2, D, C, Z
        queue.readyForQuery();
        assertTrue(queue.isEmpty());
    }

    @Test
    void describeAndFlushBeforeSyncKeepTheRequestOpen() {
        queue.clientMessage(FrontendTag.PARSE);
        queue.clientMessage(FrontendTag.DESCRIBE);
        queue.clientMessage(FrontendTag.FLUSH);
        // 1, t, T arrive after Flush, before any Sync: they belong to the open request.
        assertEquals(Disposition.FORWARD, queue.disposition());
        assertThrows(IllegalStateException.class, queue::readyForQuery, "no Z is owed before Sync");
        queue.clientMessage(FrontendTag.BIND);
        queue.clientMessage(FrontendTag.EXECUTE);
        queue.clientMessage(FrontendTag.SYNC);
        assertEquals(1, queue.inFlight());
        queue.readyForQuery();
        assertTrue(queue.isEmpty());
    }

    @Test
    void pipelinedBatchesAreAnsweredInOrder() {
        for (int i = 0; i < 3; i++) {
            queue.clientMessage(FrontendTag.BIND);
            queue.clientMessage(FrontendTag.EXECUTE);
            queue.clientMessage(FrontendTag.SYNC);
        }
        queue.clientMessage(FrontendTag.QUERY);
        assertEquals(4, queue.inFlight());
        for (int i = 3; i >= 0; i--) {
            queue.readyForQuery();
            assertEquals(i, queue.inFlight());
        }
    }

    @Test
    void lonelySyncStillOwesAReadyForQuery() {
        queue.clientMessage(FrontendTag.SYNC);
        assertEquals(1, queue.inFlight());
        queue.readyForQuery();
        assertTrue(queue.isEmpty());
    }

    @Test
    void copyMessagesBelongToTheQueryThatStartedTheCopy() {
        queue.clientMessage(FrontendTag.QUERY);
        // G (CopyInResponse); the client streams d, d, c
        queue.clientMessage(FrontendTag.COPY_DATA);
        queue.clientMessage(FrontendTag.COPY_DATA);
        queue.clientMessage(FrontendTag.COPY_DONE);
        assertEquals(1, queue.inFlight());
        // C, Z
        queue.readyForQuery();
        assertTrue(queue.isEmpty());
    }

    @Test
    void injectedRequestIsSwallowedAndReportsItsFirstError() {
        List<ErrorResponse> reported = new ArrayList<>();
        queue.inject(reported::add, false);
        queue.clientMessage(FrontendTag.QUERY);
        // Replies to the injected SET come first and are swallowed.
        assertEquals(Disposition.SWALLOW, queue.disposition());
        ErrorResponse first = ErrorResponse.of("ERROR", "42704", "unrecognized configuration parameter");
        queue.swallowedError(first);
        queue.swallowedError(ErrorResponse.of("ERROR", SqlState.INTERNAL_ERROR, "second"));
        // Z of the injected request
        Expectation injected = queue.readyForQuery();
        assertEquals(Disposition.SWALLOW, injected.disposition());
        assertSame(first, queue.finishedError());
        injected.onDone().accept(queue.finishedError());
        assertEquals(List.of(first), reported);
        // Then the client's own query is forwarded, with no error carried over.
        assertEquals(Disposition.FORWARD, queue.disposition());
        queue.readyForQuery();
        assertNull(queue.finishedError());
    }

    @Test
    void readyForQueryWithNothingOutstandingMeansTheServerIsOutOfStep() {
        assertNull(queue.disposition());
        assertThrows(IllegalStateException.class, queue::readyForQuery);
    }
}
