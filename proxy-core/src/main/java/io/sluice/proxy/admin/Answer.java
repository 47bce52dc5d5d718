package io.sluice.proxy.admin;

import java.util.List;

/** What a console command answers, before it is written: rows, or a command tag, with notices first. */
public record Answer(Table table, String tag, List<String> notices) {

    public static Answer rows(Table table) {
        return new Answer(table, null, List.of());
    }

    public static Answer done(String tag) {
        return new Answer(null, tag, List.of());
    }

    public static Answer noticed(String tag, List<String> notices) {
        return new Answer(null, tag, List.copyOf(notices));
    }
}
