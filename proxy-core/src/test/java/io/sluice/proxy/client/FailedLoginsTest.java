package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.config.AuthConfig;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failed-login backoff, on a clock the test moves. */
class FailedLoginsTest {

    private static final InetAddress A = InetAddress.getLoopbackAddress();
    private static final InetAddress B = address(10, 0, 0, 2);

    private long now = 1_000_000_000L;
    private final FailedLogins logins = new FailedLogins(new AuthConfig.FailureBackoff(3, Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofSeconds(5)), () -> now);

    @Test
    void failuresBelowTheThresholdAreAnsweredAtOnceAndBlockNothing() {
        assertEquals(Duration.ZERO, logins.failed(A));
        assertEquals(Duration.ZERO, logins.failed(A));
        assertEquals(Duration.ZERO, logins.remaining(A));
    }

    @Test
    void theThresholdStartsABackoffThatDoublesUpToTheMax() {
        logins.failed(A);
        logins.failed(A);
        assertEquals(Duration.ofSeconds(1), logins.failed(A));
        assertEquals(Duration.ofSeconds(1), logins.remaining(A));
        advance(Duration.ofMillis(400));
        assertEquals(Duration.ofMillis(600), logins.remaining(A));
        assertEquals(Duration.ofSeconds(2), logins.failed(A));
        assertEquals(Duration.ofSeconds(4), logins.failed(A));
        assertEquals(Duration.ofSeconds(5), logins.failed(A));
        assertEquals(Duration.ofSeconds(5), logins.failed(A));
        assertEquals(Duration.ZERO, logins.remaining(B), "another address is not affected");
    }

    @Test
    void theBackoffEndsAndTheCountIsForgottenAfterTheWindow() {
        logins.failed(A);
        logins.failed(A);
        logins.failed(A);
        advance(Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, logins.remaining(A));
        assertEquals(Duration.ofSeconds(2), logins.failed(A), "within the window, the count goes on");
        advance(Duration.ofSeconds(61));
        assertEquals(Duration.ZERO, logins.failed(A), "after a quiet window, counting starts again");
    }

    @Test
    void zeroTurnsItOff() {
        FailedLogins off = new FailedLogins(new AuthConfig.FailureBackoff(0, Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), () -> now);
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ZERO, off.failed(A));
        }
        assertEquals(Duration.ZERO, off.remaining(A));
        assertEquals(0, off.size());
    }

    @Test
    void manyAddressesAreSweptOnceExpired() {
        for (int i = 0; i < 10_001; i++) {
            logins.failed(address(10, 1, i >> 8, i & 0xff));
        }
        advance(Duration.ofSeconds(120));
        logins.failed(A);
        assertEquals(1, logins.size());
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
