package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessConfigTest {

    @Test
    void zeroEventLoopsIsOnePerCoreAndANumberIsKept() {
        assertEquals(Runtime.getRuntime().availableProcessors(), loops(0).effectiveEventLoops());
        assertEquals(6, loops(6).effectiveEventLoops());
    }

    private static ProcessConfig loops(int eventLoops) {
        return new ProcessConfig(LogFormat.TEXT, true, eventLoops, IoTransport.AUTO, Duration.ofSeconds(30));
    }
}
