package io.sluice.cli;

import io.sluice.config.SluiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice check-config FILE}: loads a configuration exactly as {@code sluice run} would, without starting
 * anything, and reports every problem in it at once.
 */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = {
            "Validate a configuration file without starting Sluice.",
            "Prints every problem as FILE:LINE: key.path: message and exits 2, or prints a summary and exits 0.",
        })
final class CheckConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML configuration file.")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SluiceConfig config = ConfigSummary.loadOrReport(file, err);
        if (config == null) {
            return SluiceCli.USAGE_ERROR;
        }
        out.println(file + ": valid (" + ConfigSummary.counts(config) + ")");
        out.flush();
        return 0;
    }
}
