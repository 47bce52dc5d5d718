package io.sluice.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyCellsTest {

    /** One window of the maximum: 2^35 ns, about 34 s. */
    private static final long WINDOW = 1L << 35;
    private static final int AT = 3;

    private final long[] cells = new long[AT + LatencyCells.SIZE + 2];

    @Test
    void aValueOnABoundCountsInThatBucketAndOneAboveInTheNext() {
        long[] bounds = Latency.boundsNanos();
        for (long bound : bounds) {
            LatencyCells.record(cells, AT, bound, 0);
            LatencyCells.record(cells, AT, bound + 1, 0);
        }
        LatencyCells.record(cells, AT, 0, 0);

        long[] expected = new long[bounds.length + 1];
        Arrays.fill(expected, 2);
        expected[bounds.length] = 1;
        LatencySnapshot snapshot = LatencyCells.snapshot(List.of(cells), AT, 0);
        assertArrayEquals(expected, snapshot.bucketCounts(), "0 and the first bound in the first bucket; the bound"
                + " plus 1 ns in the next; the last bound plus 1 ns in +Inf");
        assertEquals(2L * bounds.length + 1, snapshot.count());
        assertEquals((2 * Arrays.stream(bounds).sum() + bounds.length) / 1e9, snapshot.sumSeconds());
        assertEquals(0, cells[AT - 1], "nothing written before its cells");
        assertEquals(0, cells[AT + LatencyCells.SIZE], "nor after them");
    }

    @Test
    void threadsCellsAreSummed() {
        long[] other = new long[AT + LatencyCells.SIZE];
        LatencyCells.record(cells, AT, 150_000, 0);
        LatencyCells.record(other, AT, 200_000, 0);
        LatencyCells.record(other, AT, 7_000_000, 0);

        LatencySnapshot snapshot = LatencyCells.snapshot(List.of(cells, other), AT, 0);
        assertEquals(2, snapshot.bucketCounts()[1]);
        assertEquals(1, snapshot.bucketCounts()[6]);
        assertEquals(0.00735, snapshot.sumSeconds());
        assertEquals(7_000_000, snapshot.maxNanos());
        assertEquals(3, snapshot.count());
        assertEquals(7_350, snapshot.sumMicros());
    }

    @Test
    void theMaximumKeepsAValueForThreeWindowsMoreThenForgetsIt() {
        long start = 1_000 * WINDOW + 5;
        LatencyCells.record(cells, AT, 9_000_000, start);
        LatencyCells.record(cells, AT, 4_000_000, start + WINDOW);

        assertEquals(9_000_000, max(start));
        assertEquals(9_000_000, max(start + 3 * WINDOW), "three windows on: still in");
        assertEquals(4_000_000, max(start + 4 * WINDOW), "four windows on: the 9 ms is forgotten");
        assertEquals(0, max(start + 5 * WINDOW), "and then the 4 ms");

        LatencyCells.record(cells, AT, 1_000, start + 4 * WINDOW);
        assertEquals(4_000_000, max(start + 4 * WINDOW));
        assertEquals(1_000, max(start + 5 * WINDOW), "the first window's slot, reused four windows on, started over");
        assertEquals(3, LatencyCells.snapshot(List.of(cells), AT, 0).count(), "the counts forget nothing");
    }

    @Test
    void nothingRecordedReadsAsZeroesWhateverTheClock() {
        for (long now : new long[] {0, WINDOW, -WINDOW, Long.MAX_VALUE, Long.MIN_VALUE}) {
            LatencySnapshot snapshot = LatencyCells.snapshot(List.of(cells), AT, now);
            assertEquals(0, snapshot.count());
            assertEquals(0, snapshot.maxNanos());
        }
    }

    private long max(long now) {
        return LatencyCells.snapshot(List.of(cells), AT, now).maxNanos();
    }

    @Test
    void aNegativeDurationCountsAsZero() {
        LatencyCells.record(cells, AT, -5_000, 0);

        LatencySnapshot snapshot = LatencyCells.snapshot(List.of(cells), AT, 0);
        assertEquals(1, snapshot.bucketCounts()[0]);
        assertEquals(0.0, snapshot.sumSeconds());
        assertEquals(0, snapshot.sumMicros());
    }

    @Test
    void theSumKeepsItsNanosecondsAndDoesNotWrap() {
        for (int i = 0; i < 1_000; i++) {
            LatencyCells.record(cells, AT, 999, 0);
        }
        assertEquals(999, LatencyCells.snapshot(List.of(cells), AT, 0).sumMicros(),
                "1,000 × 999 ns: no nanosecond lost");
        assertEquals(999e-6, LatencyCells.snapshot(List.of(cells), AT, 0).sumSeconds(), 1e-15);

        long[] long3 = new long[AT + LatencyCells.SIZE];
        for (int i = 0; i < 3; i++) {
            LatencyCells.record(long3, AT, Long.MAX_VALUE, 0);
        }
        // Three times 2^63 - 1 ns: past what a long of nanoseconds holds.
        long micros = 3 * (Long.MAX_VALUE / 1000) + 3 * (Long.MAX_VALUE % 1000) / 1000;
        assertEquals(micros, LatencyCells.snapshot(List.of(long3), AT, 0).sumMicros());
        assertEquals(micros / 1e6, LatencyCells.snapshot(List.of(long3), AT, 0).sumSeconds(), 1.0);
    }
}
