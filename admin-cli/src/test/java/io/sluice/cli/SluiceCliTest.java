package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.protocol.auth.ScramSecret;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code sluice} command line, run in-process with its output captured. No sockets, no PostgreSQL. */
class SluiceCliTest {

    private static final String VALID = String.join("\n",
            "listen: { host: 127.0.0.1, port: 6432 }",
            "pool: { mode: session, size: 20, max_client_conn: 10000, query_wait_timeout: 120s }",
            "auth: { type: scram-sha-256 }",
            "databases:",
            "  app: { host: 127.0.0.1, port: 5432, dbname: app }",
            "  reports: { host: 127.0.0.1, port: 5432, dbname: reports }",
            "users:",
            "  app: { password: secret }",
            "");

    @TempDir
    Path dir;

    @Test
    void checkConfigOfValidFileSaysSoAndExitsZero() throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, VALID, StandardCharsets.UTF_8);

        Result result = run("", "check-config", file.toString());

        assertEquals(0, result.exitCode, result.toString());
        assertEquals(file + ": valid (2 databases, 1 user)\n", result.out);
        assertEquals("", result.err);
    }

    @Test
    void checkConfigOfInvalidFilePrintsEveryProblemWithLineAndKeyAndExitsTwo() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, String.join("\n",
                "listen:",
                "  port: 99999",
                "pool:",
                "  size: 0",
                ""), StandardCharsets.UTF_8);

        Result result = run("", "check-config", file.toString());

        assertEquals(2, result.exitCode, result.toString());
        assertEquals("", result.out);
        String prefix = Pattern.quote(file.toString());
        assertTrue(Pattern.compile("(?m)^" + prefix + ":2: listen\\.port: .+$").matcher(result.err).find(),
                result.err);
        assertTrue(Pattern.compile("(?m)^" + prefix + ":4: pool\\.size: .+$").matcher(result.err).find(),
                result.err);
    }

    @Test
    void checkConfigOfMissingFileExitsTwo() {
        Path file = dir.resolve("missing.yaml");

        Result result = run("", "check-config", file.toString());

        assertEquals(2, result.exitCode, result.toString());
        assertTrue(result.err.startsWith(file + ": cannot read: "), result.err);
    }

    @Test
    void scramSecretFromStdinPrintsAVerifierOfThatPassword() {
        Result result = run("correct horse battery staple\n", "scram-secret");

        assertEquals(0, result.exitCode, result.toString());
        String verifier = result.out.strip();
        assertTrue(verifier.startsWith("SCRAM-SHA-256$4096:"), verifier);
        ScramSecret parsed = ScramSecret.parse(verifier);
        assertEquals(verifier, parsed.encode());
        // The same password and salt give the same keys: the whole line, spaces included, was the password.
        assertEquals(parsed, ScramSecret.fromPassword("correct horse battery staple", parsed.salt(),
                parsed.iterations()));
    }

    @Test
    void scramSecretOfEmptyInputIsAnError() {
        Result result = run("", "scram-secret");

        assertEquals(2, result.exitCode, result.toString());
        assertEquals("", result.out);
        assertTrue(result.err.contains("empty password"), result.err);
    }

    @Test
    void helpListsTheSubcommands() {
        Result result = run("", "--help");

        assertEquals(0, result.exitCode, result.toString());
        for (String subcommand : new String[] {"run", "demo", "check-config", "scram-secret", "admin", "top"}) {
            assertTrue(Pattern.compile("(?m)^\\s+" + subcommand + "\\s").matcher(result.out).find(), result.out);
        }
    }

    @Test
    void adminHelpListsTheConsoleCommands() {
        Result result = run("", "admin", "--help");

        assertEquals(0, result.exitCode, result.toString());
        for (String subcommand : new String[] {"show", "pause", "resume", "reload", "kill", "kill-client",
            "reconnect", "disable", "enable", "suspend", "shutdown", "set"}) {
            assertTrue(Pattern.compile("(?m)^\\s+" + subcommand + "\\s").matcher(result.out).find(), result.out);
        }
        assertTrue(result.out.contains("PGPASSWORD"), result.out);

        Result pause = run("", "admin", "help", "pause");
        assertEquals(0, pause.exitCode, pause.toString());
        assertTrue(pause.out.contains("Usage: sluice admin pause"), pause.out);
    }

    @Test
    void adminWithoutACommandIsAUsageError() {
        Result result = run("", "admin");

        assertEquals(2, result.exitCode, result.toString());
        assertTrue(result.err.contains("missing command"), result.err);
    }

    @Test
    void topRejectsAnIntervalTooShortOrUnreadable() {
        Result tooShort = run("", "top", "--interval", "10ms");
        Result unreadable = run("", "top", "--interval", "often");

        assertEquals(2, tooShort.exitCode, tooShort.toString());
        assertTrue(tooShort.err.contains("--interval: 10ms (expected: 100ms or more)"), tooShort.err);
        assertEquals(2, unreadable.exitCode, unreadable.toString());
    }

    @Test
    void noSubcommandIsAUsageError() {
        Result result = run("");

        assertEquals(2, result.exitCode, result.toString());
        assertTrue(result.err.contains("missing subcommand"), result.err);
    }

    @Test
    void unknownOptionIsAUsageError() {
        Result result = run("", "check-config", "--no-such-option", "x.yaml");

        assertEquals(2, result.exitCode, result.toString());
    }

    @Test
    void versionNamesSluice() {
        Result result = run("", "--version");

        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.out.startsWith("sluice "), result.out);
    }

    private static Result run(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine commandLine = SluiceCli.commandLine(in, null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    private static final class Result {
        final int exitCode;
        final String out;
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }
}
