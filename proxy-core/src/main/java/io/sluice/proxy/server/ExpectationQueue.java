package io.sluice.proxy.server;

import io.sluice.protocol.FrontendTag;
import io.sluice.protocol.backend.ErrorResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ordered requests sent on one server connection; every reply is matched against the head.
 *
 * <p>PostgreSQL answers requests strictly in order, so the head of the queue is always the request the next reply
 * belongs to. Client messages enter with {@link #clientMessage(byte)}; proxy-injected requests with
 * {@link #inject}. A {@code ReadyForQuery} ends the head request
 * ({@link #readyForQuery()}); any other reply takes the head's disposition ({@link #disposition()}).
 *
 * <pre>
 *   client: Parse Bind Execute   Sync          Query
 *   queue:  [open FORWARD ------ closed]       [closed FORWARD]
 *   server: 1     2    D.. C     Z             T D.. C Z
 * </pre>
 *
 * <p>After an error in an extended-protocol batch PostgreSQL discards messages up to {@code Sync} and answers the
 * {@code Sync} with {@code ReadyForQuery}, so the batch stays one request and no reply needs special handling.
 *
 * <p>Plain Java, owned by the server connection's event loop.
 */
public final class ExpectationQueue {

    private final ArrayDeque<Expectation> requests = new ArrayDeque<>();
    private int closedCount;
    private ErrorResponse headError;
    /** The first error swallowed for the request {@link #readyForQuery} ended last. */
    private ErrorResponse finishedError;

    /** What a client message does to the requests outstanding. */
    public enum Effect {
        /** Ends a request: PostgreSQL owes one ReadyForQuery for it (Query, FunctionCall, Sync). */
        CLOSES,
        /** Starts or continues an extended-protocol request ended by a later Sync. */
        OPENS,
        /** Belongs to the request already running (CopyData, CopyDone, CopyFail). */
        NONE
    }

    /** The one place that says how each client message counts; the client side counts with it too. */
    public static Effect effectOf(byte tag) {
        return switch (tag) {
            case FrontendTag.QUERY, FrontendTag.FUNCTION_CALL, FrontendTag.SYNC -> Effect.CLOSES;
            case FrontendTag.PARSE, FrontendTag.BIND, FrontendTag.DESCRIBE, FrontendTag.EXECUTE, FrontendTag.CLOSE,
                    FrontendTag.FLUSH -> Effect.OPENS;
            default -> Effect.NONE;
        };
    }

    /** Records a message the client sent, by its tag. */
    void clientMessage(byte tag) {
        switch (effectOf(tag)) {
            case CLOSES -> {
                // A Query after unsynced extended messages is answered with one ReadyForQuery for both.
                if (!closeOpenTail()) {
                    add(Expectation.CLIENT_CLOSED);
                }
            }
            case OPENS -> {
                Expectation tail = requests.peekLast();
                if (tail == null || tail.closed() || tail.disposition() != Expectation.Disposition.FORWARD) {
                    add(Expectation.CLIENT_OPEN);
                }
            }
            default -> {
                // CopyData, CopyDone, CopyFail belong to the request that started the COPY.
            }
        }
    }

    /** Records a request the proxy sent on its own; its replies are swallowed. */
    void inject(Consumer<ErrorResponse> onDone, boolean reportsParameters) {
        add(Expectation.injected(onDone, reportsParameters));
    }

    /** Whether the head request is an injected one whose ParameterStatus replies the client must see. */
    boolean headReportsParameters() {
        Expectation head = requests.peekFirst();
        return head != null && head.reportsParameters();
    }

    /** The disposition of the reply that arrives now, or {@code null} when no request is outstanding. */
    Expectation.Disposition disposition() {
        Expectation head = requests.peekFirst();
        return head == null ? null : head.disposition();
    }

    /** Whether the head request is the client's and ends with the next {@code ReadyForQuery}. */
    boolean headIsClientClosed() {
        Expectation head = requests.peekFirst();
        return head != null && head.closed() && head.disposition() == Expectation.Disposition.FORWARD;
    }

    /** The first error swallowed for the head request so far, or {@code null}. */
    ErrorResponse swallowedErrorSoFar() {
        return headError;
    }

    /** Remembers the first error of the head request when the proxy swallows its replies. */
    void swallowedError(ErrorResponse error) {
        if (headError == null) {
            headError = error;
        }
    }

    /**
     * Ends the head request on {@code ReadyForQuery}; {@link #finishedError} then tells its first swallowed error.
     *
     * @return the finished request
     * @throws IllegalStateException when no closed request is outstanding: the server is out of step
     */
    Expectation readyForQuery() {
        Expectation head = requests.peekFirst();
        if (head == null || !head.closed()) {
            throw new IllegalStateException("ReadyForQuery with no request in flight (queue: " + requests.size() + ")");
        }
        requests.pollFirst();
        closedCount--;
        finishedError = headError;
        headError = null;
        return head;
    }

    /** The first error swallowed for the request {@link #readyForQuery} ended last, or {@code null}. */
    ErrorResponse finishedError() {
        return finishedError;
    }

    /**
     * Empties the queue of a server that closed: the callbacks of injected requests still waiting, so that whoever
     * injected them hears the server is gone instead of waiting forever.
     */
    List<Consumer<ErrorResponse>> abandon() {
        List<Consumer<ErrorResponse>> waiting = new ArrayList<>();
        for (Expectation e : requests) {
            if (e.onDone() != null) {
                waiting.add(e.onDone());
            }
        }
        requests.clear();
        closedCount = 0;
        headError = null;
        return waiting;
    }

    /** Requests that end with a {@code ReadyForQuery} still to come. */
    int inFlight() {
        return closedCount;
    }

    /** Whether nothing at all is outstanding, not even an unfinished extended-protocol batch. */
    boolean isEmpty() {
        return requests.isEmpty();
    }

    private boolean closeOpenTail() {
        Expectation tail = requests.peekLast();
        if (tail != null && !tail.closed()) {
            requests.pollLast();
            add(tail.close());
            return true;
        }
        return false;
    }

    private void add(Expectation expectation) {
        requests.addLast(expectation);
        if (expectation.closed()) {
            closedCount++;
        }
    }
}
