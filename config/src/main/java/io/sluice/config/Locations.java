package io.sluice.config;

import java.util.HashMap;
import java.util.Map;

/** The line of each key path bound, so rules checked after binding can still point at the file. */
final class Locations {

    private final Map<String, Integer> lines = new HashMap<>();

    void put(String keyPath, int line) {
        lines.putIfAbsent(keyPath, line);
    }

    /** The line of the key path, else of its nearest recorded parent, else 1. */
    int lineOf(String keyPath) {
        String path = keyPath;
        while (true) {
            Integer line = lines.get(path);
            if (line != null) {
                return line;
            }
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                return lines.getOrDefault("", 1);
            }
            path = path.substring(0, dot);
        }
    }
}
