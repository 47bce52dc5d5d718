package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/sluice.jar} as a user runs it: a separate JVM, signals, exit codes. Runs after {@code package}, so
 * the shaded jar (its manifest, merged service files and bundled PostgreSQL) is what is tested.
 */
class SluiceJarIT {

    private static final Path JAR = Path.of("target", "sluice.jar");

    @TempDir
    Path tmp;

    @Test
    void demoServesItsUrlThroughSluiceAndSigtermRemovesEverything() throws Exception {
        // 1. Start the demo on any free port, with its temporary files in our own directory.
        Launched demo = java("demo", "--port", "0");
        BufferedReader out = new BufferedReader(
                new InputStreamReader(demo.process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> firstTwoLines = CompletableFuture.supplyAsync(() -> readLines(out, 2));
        List<String> lines;
        try {
            lines = firstTwoLines.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            demo.process.destroyForcibly();
            throw new AssertionError("sluice demo printed no URL; stderr:\n" + demo.stderr(), e);
        }

        // 2. Exactly the two documented lines.
        assertTrue(lines.get(0).matches("DATABASE_URL=postgresql://demo:demo@127\\.0\\.0\\.1:\\d+/demo"), lines.get(0));
        String url = lines.get(0).substring("DATABASE_URL=".length());
        assertEquals("psql \"" + url + "\"", lines.get(1));
        assertEquals(1, tempDemoDirectories().size(), "sluice-demo-* directories while running");

        // 3. A real driver logs in through Sluice (SCRAM both ways) and reaches the demo database.
        String jdbc = "jdbc:" + url.replace("demo:demo@", "") + "?user=demo&password=demo";
        try (Connection connection = DriverManager.getConnection(jdbc);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, current_database()")) {
            assertTrue(rs.next());
            assertEquals("demo", rs.getString(1));
            assertEquals("demo", rs.getString(2));
        }

        // 4. SIGTERM: Sluice then PostgreSQL stop, and the data directory is gone.
        demo.process.destroy();
        assertTrue(demo.process.waitFor(60, TimeUnit.SECONDS), "sluice demo did not stop on SIGTERM");
        assertEquals(List.of(), tempDemoDirectories());
    }

    @Test
    void runWithAPortInUseNamesListenPortAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String err = runThatFails("listen: { host: 127.0.0.1, port: " + taken.getLocalPort() + " }");
            assertTrue(err.contains("listen.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use"), err);
        }
    }

    @Test
    void runWithTheMetricsPortInUseNamesMetricsPortAndExitsOne() throws Exception {
        // The metrics listener binds after the clients' one: the message must not blame listen.port.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String err = runThatFails("listen: { host: 127.0.0.1, port: 0 }",
                    "metrics: { host: 127.0.0.1, port: " + taken.getLocalPort() + " }");
            assertTrue(err.contains("metrics.port: 127.0.0.1:" + taken.getLocalPort() + " is already in use; stop what"
                    + " listens there or choose another metrics.port"), err);
            assertFalse(err.contains("listen.port"), err);
        }
    }

    @Test
    void runOnAnAddressThisMachineDoesNotHaveSaysSoAndExitsOne() throws Exception {
        // 192.0.2.1 is reserved for documentation (RFC 5737): no interface here has it, and nothing holds it.
        String err = runThatFails("listen: { host: 192.0.2.1, port: 0 }");
        assertTrue(err.contains("sluice run: could not start") && err.contains("192.0.2.1"), err);
        assertFalse(err.contains("already in use"), err);
    }

    /** Runs {@code sluice run} with {@code listen} (and other) lines before an otherwise fixed configuration. */
    private String runThatFails(String... firstLines) throws Exception {
        Path config = tmp.resolve("sluice.yaml");
        List<String> lines = new ArrayList<>(List.of(firstLines));
        lines.addAll(List.of(
                "auth: { type: scram-sha-256 }",
                "databases:",
                "  app: { host: 127.0.0.1, port: 5432, dbname: app }",
                "users:",
                "  app: { password: secret }",
                ""));
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);

        Launched run = java("run", "--config", config.toString());

        assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, run.process.exitValue(), run.stderr());
        return run.stderr();
    }

    @Test
    void runWithAnInvalidConfigPrintsItsProblemsAndExitsTwo() throws Exception {
        Path config = tmp.resolve("bad.yaml");
        Files.writeString(config, "pool:\n  size: 0\n", StandardCharsets.UTF_8);

        Launched run = java("run", "--config", config.toString());

        assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, run.process.exitValue());
        assertTrue(run.stderr().contains(config + ":2: pool.size: "), run.stderr());
    }

    private Launched java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(tmp, "stderr-", ".txt");
        return new Launched(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
    }

    private List<Path> tempDemoDirectories() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sluice-demo-")).toList();
        }
    }

    private static List<String> readLines(BufferedReader reader, int count) {
        List<String> lines = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.size() < count) {
            throw new IllegalStateException("stdout ended after " + lines);
        }
        return lines;
    }

    /** A started {@code sluice.jar} and the file its stderr goes to. */
    private record Launched(Process process, Path stderrFile) {

        String stderr() {
            try {
                return Files.readString(stderrFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(stderr unreadable: " + e + ")";
            }
        }
    }
}
