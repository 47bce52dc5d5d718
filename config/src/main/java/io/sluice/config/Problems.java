package io.sluice.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file so that all of them are reported at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String keyPath, String message) {
        problems.add(new ConfigProblem(file, line, keyPath, message));
    }

    /** Whether a problem was already reported at exactly this key path (so later rules can stay quiet). */
    boolean reportedAt(String keyPath) {
        return problems.stream().anyMatch(p -> p.keyPath().equals(keyPath));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws every problem collected so far, sorted by line (stable), if there is any. */
    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigException(sorted);
        }
    }
}
