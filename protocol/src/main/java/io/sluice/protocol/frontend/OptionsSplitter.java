package io.sluice.protocol.frontend;

import java.util.ArrayList;
import java.util.List;

/** Splits the {@code options} startup parameter like PostgreSQL's {@code pg_split_opts} (postinit.c). */
final class OptionsSplitter {

    private OptionsSplitter() {
    }

    /** Splits on unescaped whitespace; a backslash makes the next character literal and is dropped. */
    static List<String> split(String options) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        boolean inItem = false;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                item.append(options.charAt(++i));
                inItem = true;
            } else if (isSpace(c)) {
                if (inItem) {
                    items.add(item.toString());
                    item.setLength(0);
                    inItem = false;
                }
            } else {
                item.append(c);
                inItem = true;
            }
        }
        if (inItem) {
            items.add(item.toString());
        }
        return items;
    }

    /** C's {@code isspace} in the C locale, which is what PostgreSQL applies. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
