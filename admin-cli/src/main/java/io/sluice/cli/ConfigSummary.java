package io.sluice.cli;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.config.ConfigProblem;
import io.sluice.config.SluiceConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The few words the CLI says about a loaded configuration. */
final class ConfigSummary {

    private ConfigSummary() {
    }

    /** {@code 1 database, 2 users}. */
    static String counts(SluiceConfig config) {
        return count(config.databases().size(), "database") + ", " + count(config.users().size(), "user");
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Loads {@code file}; on failure prints every problem as {@code FILE:LINE: key.path: message} (or why the file
     * cannot be read) to {@code err} and returns {@code null}.
     */
    static SluiceConfig loadOrReport(Path file, PrintWriter err) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
        } catch (IOException e) {
            err.println(cannotRead(file, e));
        }
        err.flush();
        return null;
    }

    /** {@code sluice.yaml: cannot read: no such file}. */
    static String cannotRead(Path file, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else {
            why = SluiceCli.describe(e);
        }
        return file + ": cannot read: " + why;
    }
}
