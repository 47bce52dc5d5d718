package io.sluice.proxy.server;

import io.sluice.protocol.backend.ErrorResponse;
import java.util.function.Consumer;

/**
 * One request sent to PostgreSQL and what to do with its replies.
 *
 * <p>A request is either <em>closed</em> (a simple {@code Query}, a {@code FunctionCall}, or an extended-protocol batch
 * ended by {@code Sync}: PostgreSQL answers it with {@code ReadyForQuery}) or <em>open</em> (extended-protocol
 * messages whose {@code Sync} has not been sent yet; {@code Flush} may bring replies before it). Only closed requests
 * count as in flight.
 *
 * @param disposition what happens to the request's replies
 * @param closed whether the request ends with a {@code ReadyForQuery}
 * @param onDone for proxy-injected requests: called when its {@code ReadyForQuery} arrives, with the first error
 *     PostgreSQL reported for it, or {@code null}; {@code null} for client requests
 * @param reportsParameters an injected request whose {@code ParameterStatus} replies the client must still see
 *     (settings re-applied after the client's RESET, so its view matches the server again)
 */
record Expectation(Disposition disposition, boolean closed, Consumer<ErrorResponse> onDone,
                   boolean reportsParameters) {

    /** What the proxy does with the replies to a request. */
    enum Disposition {
        /** The client sent it: replies go to the client as they are. */
        FORWARD,
        /** The proxy sent it: replies are dropped; the first error is handed to {@code onDone}. */
        SWALLOW
    }

    static final Expectation CLIENT_CLOSED = new Expectation(Disposition.FORWARD, true, null, false);
    static final Expectation CLIENT_OPEN = new Expectation(Disposition.FORWARD, false, null, false);

    static Expectation injected(Consumer<ErrorResponse> onDone, boolean reportsParameters) {
        return new Expectation(Disposition.SWALLOW, true, onDone, reportsParameters);
    }

    Expectation close() {
        if (this == CLIENT_OPEN) {
            return CLIENT_CLOSED;
        }
        return closed ? this : new Expectation(disposition, true, onDone, reportsParameters);
    }
}
