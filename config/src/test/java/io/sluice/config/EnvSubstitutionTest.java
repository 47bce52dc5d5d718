package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final Map<String, String> ENV = Map.of("USER", "alice", "EMPTY", "", "PORT", "5433");

    @Test
    void textWithoutReferencesIsUnchanged() {
        assertEquals(ok("plain text"), EnvSubstitution.apply("plain text", ENV));
    }

    @Test
    void variableIsReplaced() {
        assertEquals(ok("alice"), EnvSubstitution.apply("${USER}", ENV));
        assertEquals(ok("postgres://alice@db:5433/app"),
                EnvSubstitution.apply("postgres://${USER}@db:${PORT}/app", ENV));
    }

    @Test
    void defaultIsUsedWhenUnsetOrEmpty() {
        assertEquals(ok("bob"), EnvSubstitution.apply("${MISSING:-bob}", ENV));
        assertEquals(ok("x"), EnvSubstitution.apply("${EMPTY:-x}", ENV));
        assertEquals(ok("alice"), EnvSubstitution.apply("${USER:-bob}", ENV));
        assertEquals(ok(""), EnvSubstitution.apply("${MISSING:-}", ENV));
        assertEquals(ok("a:-b"), EnvSubstitution.apply("${MISSING:-a:-b}", ENV));
    }

    @Test
    void setButEmptyVariableWithoutDefaultIsEmpty() {
        assertEquals(ok("[]"), EnvSubstitution.apply("[${EMPTY}]", ENV));
    }

    @Test
    void missingVariableWithoutDefaultIsAProblem() {
        EnvSubstitution.Result result = EnvSubstitution.apply("${A}-${USER}-${B}", ENV);

        assertEquals(List.of(
                "environment variable A is not set (set it, or give a default with ${A:-default})",
                "environment variable B is not set (set it, or give a default with ${B:-default})"),
                result.problems());
    }

    @Test
    void dollarSignsOtherThanReferencesAreKept() {
        String verifier = "SCRAM-SHA-256$4096:c2FsdA==$a:b";
        assertEquals(ok(verifier), EnvSubstitution.apply(verifier, ENV));
        assertEquals(ok("cost: $5 or $"), EnvSubstitution.apply("cost: $5 or $", ENV));
    }

    @Test
    void doubleDollarEscapesAReference() {
        assertEquals(ok("${USER} is alice"), EnvSubstitution.apply("$${USER} is ${USER}", ENV));
    }

    @Test
    void malformedReferencesAreProblems() {
        assertEquals(List.of("unterminated '${' in 'x${USER' (expected ${VAR} or ${VAR:-default};"
                + " write $${ for a literal ${)"), EnvSubstitution.apply("x${USER", ENV).problems());
        assertEquals(List.of("invalid environment variable name '1X' in '${1X}' (expected letters, digits and _,"
                + " not starting with a digit)"), EnvSubstitution.apply("${1X}", ENV).problems());
        assertEquals(1, EnvSubstitution.apply("${}", ENV).problems().size());
    }

    private static EnvSubstitution.Result ok(String value) {
        return new EnvSubstitution.Result(value, List.of());
    }
}
