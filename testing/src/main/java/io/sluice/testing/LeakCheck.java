package io.sluice.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test, or its class, when Netty reports a leaked buffer.
 *
 * <p>Registered for every test through JUnit's extension auto-detection (the parent pom switches it on). Netty only
 * notices a leak once the leaked buffer is garbage collected, so each test checks what was reported so far and each
 * class ends with a collection and a final check. Tests run with {@code io.netty.leakDetection.level=paranoid}, so
 * every buffer is tracked.
 */
public final class LeakCheck implements AfterEachCallback, AfterAllCallback {

    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Leaked buffers are reported when they are collected and another buffer is tracked afterwards.
        for (int i = 0; i < 3; i++) {
            System.gc();
            poke();
        }
        failOnLeaks(context.getDisplayName());
    }

    private static void poke() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
        pooled.release();
        ByteBuf unpooled = Unpooled.buffer(16);
        unpooled.release();
        ByteBuf direct = Unpooled.directBuffer(16);
        direct.release();
    }

    private static void failOnLeaks(String where) {
        List<String> found = new ArrayList<>();
        for (String leak = LEAKS.poll(); leak != null; leak = LEAKS.poll()) {
            found.add(leak);
        }
        if (!found.isEmpty()) {
            fail("Netty reported " + found.size() + " leaked buffer(s) by the end of " + where + ":\n"
                    + String.join("\n\n", found));
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @Deprecated
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " (no records)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
