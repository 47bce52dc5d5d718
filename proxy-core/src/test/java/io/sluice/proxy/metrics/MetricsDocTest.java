package io.sluice.proxy.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md and the Grafana dashboard name exactly the metrics Sluice exports. */
class MetricsDocTest {

    private static final Pattern NAME = Pattern.compile("sluice_[a-z_]+[a-z]");

    private static TreeSet<String> exported() throws Exception {
        MetricsFixture fixture = MetricsFixture.of("""
                auth: { type: trust }
                databases: { app: { port: 1 } }
                users: { alice: {} }
                """);
        fixture.pool("app", "alice");
        TreeSet<String> names = new TreeSet<>();
        for (String line : fixture.scrape(SluiceMetrics.TEXT).split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }

    private static TreeSet<String> mentioned(Path file) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            names.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
        }
        return names;
    }

    @Test
    void everyExportedMetricIsDocumentedAndNothingElse() throws Exception {
        TreeSet<String> exported = exported();
        TreeSet<String> documented = mentioned(Path.of("..", "docs", "metrics.md"));
        assertTrue(exported.size() > 25, exported.toString());
        assertEquals(exported, documented);
    }

    @Test
    void theDashboardUsesOnlyExportedMetrics() throws Exception {
        TreeSet<String> exported = exported();
        TreeSet<String> used = mentioned(Path.of("..", "docs", "grafana", "sluice.json"));
        used.removeAll(exported);
        assertEquals(List.of(), List.copyOf(used));
    }
}
