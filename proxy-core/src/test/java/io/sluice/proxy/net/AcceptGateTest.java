package io.sluice.proxy.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener's accept switch: start-up, SUSPEND/RESUME, and the pause after a failed accept. */
class AcceptGateTest {

    private static final IOException EMFILE = new IOException("accept(..) failed: Too many open files");

    private final AcceptGate gate = new AcceptGate();
    private final EmbeddedChannel listener = listener(gate);

    private static EmbeddedChannel listener(AcceptGate gate) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(gate);
        channel.freezeTime();
        return channel;
    }

    private void passMillis(long millis) {
        listener.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        listener.runScheduledPendingTasks();
    }

    @Test
    void readsOnlyOnceAcceptingIsTurnedOn() {
        assertFalse(listener.config().isAutoRead());
        gate.accepting(true);
        assertTrue(listener.config().isAutoRead());
        gate.accepting(false);
        assertFalse(listener.config().isAutoRead());
    }

    @Test
    void aFailedAcceptPausesForASecondAndIsNotPassedOn() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        listener.checkException();
        assertFalse(listener.config().isAutoRead());
        passMillis(AcceptGate.PAUSE_MILLIS - 1);
        assertFalse(listener.config().isAutoRead());
        passMillis(1);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void suspendDuringThePauseIsNotUndoneByItsEnd() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        gate.accepting(false);
        passMillis(AcceptGate.PAUSE_MILLIS * 3);
        assertFalse(listener.config().isAutoRead());
        gate.accepting(true);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void resumeDuringThePauseWaitsForItsEnd() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        gate.accepting(false);
        gate.accepting(true);
        assertFalse(listener.config().isAutoRead());
        passMillis(AcceptGate.PAUSE_MILLIS);
        assertTrue(listener.config().isAutoRead());
    }

    @Test
    void errorsDuringThePauseDoNotExtendIt() {
        gate.accepting(true);
        listener.pipeline().fireExceptionCaught(EMFILE);
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        listener.pipeline().fireExceptionCaught(EMFILE);
        passMillis(AcceptGate.PAUSE_MILLIS / 2);
        assertTrue(listener.config().isAutoRead());
        listener.checkException();
    }
}
