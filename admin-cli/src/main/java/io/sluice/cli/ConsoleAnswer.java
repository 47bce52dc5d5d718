package io.sluice.cli;

import java.util.List;

/**
 * What the console answered to one command.
 *
 * @param table the rows, or {@code null} for a command that returns none (PAUSE, RELOAD)
 * @param notices the notices sent before the answer (RELOAD's list of changes, SHOW HELP)
 */
record ConsoleAnswer(ResultTable table, List<String> notices) {

    ConsoleAnswer {
        notices = List.copyOf(notices);
    }
}
