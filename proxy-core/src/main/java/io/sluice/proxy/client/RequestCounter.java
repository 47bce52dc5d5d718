package io.sluice.proxy.client;

import io.sluice.proxy.server.ExpectationQueue;

/**
 * What a client has sent to its current server and not yet seen answered, counted on the client's loop with the
 * same rules as the server's {@link ExpectationQueue}. Transaction mode releases a server only when this is idle
 * and PostgreSQL reported {@code I}: the decision is taken where later messages are read, so none can be sent
 * to a server already given back.
 */
final class RequestCounter {

    private int closed;
    private boolean open;

    /** Counts a message sent, by its tag. */
    void sent(byte tag) {
        switch (ExpectationQueue.effectOf(tag)) {
            case CLOSES -> {
                closed++;
                open = false;
            }
            case OPENS -> open = true;
            default -> {
                // part of the running request
            }
        }
    }

    /** A ReadyForQuery of one of the client's requests was forwarded. */
    void answered() {
        if (closed > 0) {
            closed--;
        }
    }

    /** Requests still owed a ReadyForQuery. */
    int inFlight() {
        return closed;
    }

    /** Nothing owed and no extended-protocol batch waiting for its Sync. */
    boolean idle() {
        return closed == 0 && !open;
    }

    void clear() {
        closed = 0;
        open = false;
    }
}
