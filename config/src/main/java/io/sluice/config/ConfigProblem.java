package io.sluice.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration file, located by file, line and key path.
 *
 * @param file the file name as given to the loader
 * @param line the 1-based line of the offending key or value
 * @param keyPath the dotted key path ({@code pool.size}, {@code databases.app.port}); empty for problems of
 *        the whole file, such as a YAML syntax error
 * @param message what is wrong, e.g. {@code must be between 1 and 10000, got 0}
 */
public record ConfigProblem(String file, int line, String keyPath, String message) {

    public ConfigProblem {
        requireNonNull(file, "file");
        requireNonNull(keyPath, "keyPath");
        requireNonNull(message, "message");
        if (line < 1) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 1)");
        }
    }

    /** {@code FILE:LINE: key.path: message}, or {@code FILE:LINE: message} when the key path is empty. */
    @Override
    public String toString() {
        return keyPath.isEmpty()
                ? file + ':' + line + ": " + message
                : file + ':' + line + ": " + keyPath + ": " + message;
    }
}
