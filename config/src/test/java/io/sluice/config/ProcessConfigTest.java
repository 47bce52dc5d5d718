package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessConfigTest {

    @Test
    void defaultLeavesOneCoreAndKeepsAtLeastOneLoop() {
        assertEquals(1, ProcessConfig.defaultEventLoops(1));
        assertEquals(1, ProcessConfig.defaultEventLoops(2));
        assertEquals(3, ProcessConfig.defaultEventLoops(4));
        assertEquals(15, ProcessConfig.defaultEventLoops(16));
    }

    @Test
    void zeroTakesTheDefaultForThisMachineAndANumberIsKept() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(ProcessConfig.defaultEventLoops(cores), loops(0).effectiveEventLoops());
        assertEquals(6, loops(6).effectiveEventLoops());
    }

    private static ProcessConfig loops(int eventLoops) {
        return new ProcessConfig(LogFormat.TEXT, true, eventLoops, IoTransport.AUTO, Duration.ofSeconds(30));
    }
}
