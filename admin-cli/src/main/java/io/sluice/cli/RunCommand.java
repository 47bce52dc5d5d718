package io.sluice.cli;

import io.sluice.config.ConfigLoader;
import io.sluice.config.SluiceConfig;
import io.sluice.proxy.Sluice;
import io.sluice.proxy.net.ListenerBindException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run --config sluice.yaml}: the proxy in the foreground. SIGHUP reloads the configuration file;
 * SIGTERM drains (no new connections, clients closed as their transactions end, up to
 * {@code process.shutdown_timeout}) then exits; SIGINT closes everything at once.
 *
 * <p>A JVM shutdown hook closes Sluice too, for exits that bypass those handlers.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run Sluice in the foreground until SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "sluice.yaml",
            description = "The YAML configuration file (default: ${DEFAULT-VALUE}).")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SluiceConfig loaded = ConfigSummary.loadOrReport(config, err);
        if (loaded == null) {
            return SluiceCli.USAGE_ERROR;
        }

        ConsoleLogging.useFormat(loaded.process().logFormat());
        String host = String.valueOf(loaded.listen().host());
        Sluice sluice;
        try {
            sluice = Sluice.start(loaded, () -> ConfigLoader.load(config));
        } catch (IOException e) {
            ListenerBindException taken = PortInUse.takenAddress(e);
            if (taken != null) {
                // Clients' and metrics' listeners: the message names the one whose port is taken.
                err.println(config + ": " + taken.settings() + ".port: " + taken.host() + ':' + taken.port()
                        + " is already in use; stop what listens there or choose another " + taken.settings()
                        + ".port");
            } else {
                err.println("sluice run: could not start: " + SluiceCli.describe(e));
            }
            err.flush();
            return SluiceCli.RUNTIME_ERROR;
        }

        Sluice running = sluice;
        Signals.handle("HUP", () -> running.reloadFromSignal());
        Signals.handle("TERM", () -> running.drain(running.config().process().shutdownTimeout()));
        Signals.handle("INT", () -> new Thread(running::close, "sluice-stop").start());
        try (ShutdownHook hook = ShutdownHook.register("sluice-shutdown", sluice::close)) {
            String socket = sluice.unixSocket().map(path -> " and " + path).orElse("");
            out.println("sluice " + VersionProvider.version() + " listening on " + host + ':' + sluice.port() + socket
                    + " (" + ConfigSummary.counts(loaded) + "); reload with SIGHUP, drain with SIGTERM, stop with"
                    + " Ctrl-C");
            out.flush();
            sluice.awaitClosed();
        }
        return 0;
    }
}
