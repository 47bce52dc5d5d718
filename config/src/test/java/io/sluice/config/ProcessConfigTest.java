package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessConfigTest {

    @Test
    void zeroEventLoopsIsOnePerCoreAndANumberIsKept() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, loops(0).effectiveEventLoops(false));
        assertEquals(Math.max(1, cores - 1), loops(0).effectiveEventLoops(true), "one core spare for batching loops");
        assertEquals(6, loops(6).effectiveEventLoops(false));
        assertEquals(6, loops(6).effectiveEventLoops(true));
        assertEquals(1, loops(1).effectiveEventLoops(true));
    }

    private static ProcessConfig loops(int eventLoops) {
        return new ProcessConfig(LogFormat.TEXT, true, eventLoops, IoTransport.AUTO, Duration.ofSeconds(30));
    }
}
