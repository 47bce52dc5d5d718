package io.sluice.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bound on lookups running at once, and the order waiting ones start in. */
class LookupLimiterTest {

    @Test
    void runsUpToItsLimitAndStartsWaitersInArrivalOrder() {
        LookupLimiter limiter = new LookupLimiter(2);
        List<String> started = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            limiter.submit(() -> started.add(name));
        }
        assertEquals(List.of("a", "b"), started);
        assertEquals(2, limiter.running());
        assertEquals(2, limiter.waiting());

        limiter.release(); // a done: c takes its slot
        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(2, limiter.running());
        limiter.release(); // b done: d
        limiter.release(); // c done: nobody waits
        assertEquals(List.of("a", "b", "c", "d"), started);
        assertEquals(1, limiter.running());
        assertEquals(0, limiter.waiting());
        limiter.release();
        assertEquals(0, limiter.running());

        limiter.submit(() -> started.add("e"));
        assertEquals("e", started.get(4));
    }

    @Test
    void refusesALimitBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new LookupLimiter(0));
    }
}
