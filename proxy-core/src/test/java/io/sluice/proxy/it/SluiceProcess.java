package io.sluice.proxy.it;

import io.sluice.config.ConfigLoader;
import io.sluice.proxy.Sluice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sluice in a child JVM with a small heap, for tests that prove memory stays bounded. The child prints
 * {@code PORT <n>} once listening and exits when its standard input closes (that is, with the test).
 */
final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private SluiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static SluiceProcess start(String yaml, String maxMemory) throws Exception {
        Path config = Files.createTempFile("sluice-child", ".yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        config.toFile().deleteOnExit();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx" + maxMemory,
                "-XX:MaxDirectMemorySize=" + maxMemory, "-cp", System.getProperty("java.class.path"),
                SluiceProcess.class.getName(), config.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IllegalStateException("child Sluice did not start: " + line);
        }
        return new SluiceProcess(process, Integer.parseInt(line.substring(5).trim()));
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        try (Sluice sluice = Sluice.start(ConfigLoader.load(Path.of(args[0])))) {
            System.out.println("PORT " + sluice.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the parent closes our standard input.
            }
        } catch (io.sluice.config.ConfigException e) {
            System.out.println("CONFIG " + e.getMessage());
            System.exit(2);
        }
    }
}
