package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Map;

/**
 * Fuzzes {@link ConfigLoader#parse}: any text either binds to a {@link SluiceConfig} or fails with a
 * {@link ConfigException} that lists at least one problem; nothing else escapes (no snakeyaml exception, no
 * {@code IllegalArgumentException} from a record, no stack overflow from nesting or aliases).
 */
class ConfigLoaderFuzzTest {

    private static final Map<String, String> ENV = Map.of("PGHOST", "db.internal", "SECRET", "s3cr3t", "EMPTY", "");

    @FuzzTest(maxDuration = "60s")
    void parsesOrReportsProblems(FuzzedDataProvider data) {
        String yaml = data.consumeRemainingAsString();
        try {
            assertNotNull(ConfigLoader.parse(yaml, "fuzz.yaml", ENV));
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty(), "a ConfigException without problems");
        }
    }
}
