package io.sluice.cli;

import io.sluice.config.SluiceConfig;
import java.io.IOException;
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
