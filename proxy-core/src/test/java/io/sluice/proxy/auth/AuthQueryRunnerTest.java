package io.sluice.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the user name goes into {@code auth.query}. */
class AuthQueryRunnerTest {

    @Test
    void everyDollarOneBecomesTheQuotedUserName() {
        assertEquals("SELECT usename, passwd FROM pg_shadow WHERE usename = 'alice'",
                AuthQueryRunner.sql("SELECT usename, passwd FROM pg_shadow WHERE usename = $1", "alice"));
        assertEquals("SELECT * FROM f('bob') WHERE 'bob' <> ''", AuthQueryRunner.sql("SELECT * FROM f($1) WHERE $1 <> ''",
                "bob"));
    }

    @Test
    void namesCannotBreakOutOfTheLiteral() {
        assertEquals("SELECT f('o''brien; DROP ROLE x; --')",
                AuthQueryRunner.sql("SELECT f($1)", "o'brien; DROP ROLE x; --"));
        assertEquals("SELECT f(E'back\\\\slash''')", AuthQueryRunner.sql("SELECT f($1)", "back\\slash'"));
        assertEquals("SELECT f('$2')", AuthQueryRunner.sql("SELECT f($1)", "$2"), "replacement text is literal");
    }

    @Test
    void otherParametersAreLeftAlone() {
        assertEquals("SELECT $10, 'x'", AuthQueryRunner.sql("SELECT $10, $1", "x"));
    }
}
