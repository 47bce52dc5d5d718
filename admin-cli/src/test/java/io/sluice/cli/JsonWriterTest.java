package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void rowsAreObjectsWithNumbersUnquotedAndNullAsNull() {
        ResultTable table = new ResultTable(List.of("name", "port", "avg_wait", "force_user"),
                List.of(false, true, true, false),
                List.of(Arrays.asList("app", "5432", "0.25", null), Arrays.asList("b", "-1", "1e3", "x")));

        assertEquals("[\n"
                + "  {\"name\": \"app\", \"port\": 5432, \"avg_wait\": 0.25, \"force_user\": null},\n"
                + "  {\"name\": \"b\", \"port\": -1, \"avg_wait\": 1e3, \"force_user\": \"x\"}\n"
                + "]", JsonWriter.rows(table));
    }

    @Test
    void numericValuesJsonCannotHoldAreStringsAndTextThatLooksNumericStaysText() {
        ResultTable table = new ResultTable(List.of("n", "t"), List.of(true, false),
                List.of(List.of("NaN", "42"), List.of("", "007")));

        assertEquals("[\n"
                + "  {\"n\": \"NaN\", \"t\": \"42\"},\n"
                + "  {\"n\": \"\", \"t\": \"007\"}\n"
                + "]", JsonWriter.rows(table));
    }

    @Test
    void noRowsIsAnEmptyArray() {
        assertEquals("[]", JsonWriter.rows(new ResultTable(List.of("id"), List.of(true), List.of())));
    }

    @Test
    void stringsEscapeQuotesBackslashesAndControlCharacters() {
        StringBuilder json = new StringBuilder();
        JsonWriter.string(json, "say \"hi\"\\\n\t\r\u0001é");

        assertEquals("\"say \\\"hi\\\"\\\\\\n\\t\\r\\u0001é\"", json.toString());
    }

    @Test
    void objectHoldsStringsAndListsOfStrings() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("command", "RELOAD");
        fields.put("notices", List.of("pool.size: 20 -> 30", "databases.b: added"));
        fields.put("none", null);

        assertEquals("{\"command\": \"RELOAD\", \"notices\": [\"pool.size: 20 -> 30\", \"databases.b: added\"],"
                + " \"none\": null}", JsonWriter.object(fields));
    }
}
