package io.sluice.proxy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressConnectionsTest {

    private static final InetAddress A = InetAddress.getLoopbackAddress();

    @Test
    void holdsAtTheLimitAndFreesOnClose() {
        AddressConnections limits = new AddressConnections(2);
        assertTrue(limits.tryOpen(A));
        assertTrue(limits.tryOpen(A));
        assertFalse(limits.tryOpen(A));
        assertEquals(2, limits.count(A), "a refused connection is not counted");
        limits.closed(A);
        assertTrue(limits.tryOpen(A));
        limits.closed(A);
        limits.closed(A);
        assertEquals(0, limits.count(A));
    }

    @Test
    void zeroIsUnlimitedAndKeepsNothing() {
        AddressConnections limits = new AddressConnections(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limits.tryOpen(A));
        }
        assertEquals(0, limits.count(A));
    }
}
