package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void numbersAlignRightTextLeftWithARuleAndARowCount() {
        ResultTable table = new ResultTable(List.of("database", "cl_active", "pool_mode"), List.of(false, true, false),
                List.of(List.of("app", "7", "transaction"), List.of("reports_long_name", "1234", "session")));

        assertEquals(List.of(
                "database          | cl_active | pool_mode",
                "------------------+-----------+------------",
                "app               |         7 | transaction",
                "reports_long_name |      1234 | session",
                "(2 rows)"), TextTable.lines(table));
    }

    @Test
    void nullIsAnEmptyCellAndLineBreaksAreShownEscaped() {
        ResultTable table = new ResultTable(List.of("key", "value"), List.of(false, false),
                List.of(Arrays.asList("a", null), List.of("b", "two\nlines\tand\\")));

        assertEquals(List.of(
                "key | value",
                "----+" + "-".repeat(18),
                "a   |",
                "b   | two\\nlines\\tand\\\\",
                "(2 rows)"), TextTable.lines(table));
    }

    @Test
    void oneRowAndNoRowsAreCounted() {
        ResultTable one = new ResultTable(List.of("version"), List.of(false), List.of(List.of("Sluice 0.1.0")));
        ResultTable none = new ResultTable(List.of("id"), List.of(true), List.of());

        assertEquals(List.of("version", "------------", "Sluice 0.1.0", "(1 row)"), TextTable.lines(one));
        assertEquals(List.of("id", "--", "(0 rows)"), TextTable.lines(none));
    }

    @Test
    void rowsMustHaveOneValuePerColumn() {
        assertThrows(IllegalArgumentException.class, () -> new ResultTable(List.of("a", "b"), List.of(false, false),
                List.of(List.of("only one"))));
        assertThrows(IllegalArgumentException.class, () -> new ResultTable(List.of("a", "b"), List.of(false),
                List.of()));
    }
}
