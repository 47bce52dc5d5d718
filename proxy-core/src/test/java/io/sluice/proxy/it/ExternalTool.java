package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Programs a test runs where the machine has them (psql, pgbench, exporters); skipped with a message otherwise. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** The program's path on PATH, if installed. */
    static Optional<String> find(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return Optional.of(candidate.getPath());
            }
        }
        return Optional.empty();
    }

    /** The program's path; the test is skipped, saying which package provides it, when it is missing. */
    static String require(String name, String debianPackage) {
        Optional<String> path = find(name);
        assumeTrue(path.isPresent(), name + " is not installed on this machine: skipping the " + name + " check"
                + " (install the " + debianPackage + " package to run it)");
        return path.orElseThrow();
    }

    /**
     * Installs a Debian package with apt-get when the test runs as root on a machine that has apt-get, and returns
     * the program's path; skips the test with a message where that is not possible.
     */
    static String installed(String name, String debianPackage) throws Exception {
        Optional<String> path = find(name);
        if (path.isPresent()) {
            return path.get();
        }
        Optional<String> apt = find("apt-get");
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(apt.isPresent() && root, name + " is not installed and apt-get is unavailable (or not root):"
                + " skipping the " + name + " check (install the " + debianPackage + " package to run it)");
        Result install = run(List.of(apt.get(), "install", "-y", "-q", debianPackage),
                Map.of("DEBIAN_FRONTEND", "noninteractive"), 300);
        assumeTrue(install.exit() == 0, "apt-get install " + debianPackage + " failed: skipping the " + name
                + " check\n" + install.output());
        return require(name, debianPackage);
    }

    /** Runs a command with extra environment, stdin closed, stderr merged into stdout. */
    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    record Result(int exit, String output) {
    }
}
