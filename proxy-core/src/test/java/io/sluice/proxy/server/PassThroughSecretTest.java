package io.sluice.proxy.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.auth.ScramKeys;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The secret a pass-through pool logs in with: offered by logins, forgotten when PostgreSQL refuses it. */
class PassThroughSecretTest {

    private final AtomicInteger evictions = new AtomicInteger();
    private final PassThroughSecret holder = new PassThroughSecret(evictions::incrementAndGet);

    @Test
    void emptyUntilALoginOffersOneAndOnlyANewSecretCountsAsAChange() {
        assertNull(holder.current());
        PassThroughSecret.Secret first = scram(1);
        assertTrue(holder.offer(first), "the first secret");
        assertFalse(holder.offer(scram(1)), "the same keys again, from another login");
        assertSame(first, holder.current(), "the instance held is kept");
        assertTrue(holder.offer(scram(2)), "a new password");
    }

    @Test
    void aRefusalForgetsTheSecretAndEvictsOnce() {
        PassThroughSecret.Secret used = md5();
        holder.offer(used);
        // Two server logins with the same secret are refused; the cache is evicted once.
        holder.rejected(used);
        holder.rejected(used);
        assertNull(holder.current());
        assertEquals(1, evictions.get());
    }

    @Test
    void aRefusalOfAnOlderSecretKeepsTheNewerOne() {
        PassThroughSecret.Secret old = scram(1);
        holder.offer(old);
        holder.offer(scram(2));
        holder.rejected(old);
        assertEquals(scram(2), holder.current());
        assertEquals(0, evictions.get());
    }

    @Test
    void aSecretIsExactlyOneKindAndNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> new PassThroughSecret.Secret(null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new PassThroughSecret.Secret(scram(1).scramKeys(), md5().md5Hash()));
        assertEquals("md5 hash", md5().toString());
        assertEquals("SCRAM keys", scram(1).toString());
    }

    private static PassThroughSecret.Secret scram(int fill) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) fill);
        return new PassThroughSecret.Secret(new ScramKeys(key, key, new byte[] {1, 2}, 4096), null);
    }

    private static PassThroughSecret.Secret md5() {
        return new PassThroughSecret.Secret(null, "md5" + "a".repeat(32));
    }
}
