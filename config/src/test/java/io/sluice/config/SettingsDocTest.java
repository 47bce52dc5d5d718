package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/settings.md} must be exactly what {@link SettingsDoc#render()} makes of the {@link Settings}
 * table. Run with {@code -Dsluice.updateDocs=true} to rewrite it.
 */
class SettingsDocTest {

    /** Relative to the module directory, where Maven runs the tests. */
    private static final Path DOC = Path.of("../docs/settings.md");
    private static final String HOW_TO_FIX = "docs/settings.md is out of date with io.sluice.config.Settings;"
            + " regenerate it with: ./mvnw -B -q -pl config test -Dtest=SettingsDocTest -Dsluice.updateDocs=true";

    @Test
    void committedReferenceMatchesTheSettingsTable() throws IOException {
        if (Boolean.getBoolean("sluice.updateDocs")) {
            SettingsDoc.write(DOC);
        }
        assertTrue(Files.exists(DOC), HOW_TO_FIX);
        assertEquals(SettingsDoc.render(), Files.readString(DOC, StandardCharsets.UTF_8), HOW_TO_FIX);
    }

    @Test
    void everySettingHasARowWithItsDefaultAndReloadability() {
        String doc = SettingsDoc.render();
        for (Setting s : Settings.all()) {
            String row = "| `" + s.key() + "` | " + s.typeDescription() + " | "
                    + (s.defaultValue() == null ? "—" : '`' + s.defaultValue() + '`') + " | "
                    + (s.reloadable() ? "yes" : "no") + " | " + s.doc() + " |\n";
            assertTrue(doc.contains(row), "missing row: " + row);
        }
    }

    @Test
    void referenceShowsTheExample() {
        assertTrue(SettingsDoc.render().contains("```yaml\n" + SettingsDoc.EXAMPLE_YAML + "```\n"));
    }
}
