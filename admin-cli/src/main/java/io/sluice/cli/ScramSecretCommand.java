package io.sluice.cli;

import io.sluice.protocol.auth.ScramSecret;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice scram-secret}: turns a password into the {@code SCRAM-SHA-256$…} verifier that
 * {@code users.<name>.password} (and PostgreSQL's {@code ALTER ROLE … PASSWORD}) accept, so the plain password
 * need not be written in a file.
 *
 * <p>On a terminal it prompts without echo; otherwise it reads the first line of stdin
 * ({@code printf %s "$PW" | sluice scram-secret}).
 */
@Command(
        name = "scram-secret",
        mixinStandardHelpOptions = true,
        description = {
            "Print the SCRAM-SHA-256 verifier of a password, for users.<name>.password.",
            "Prompts without echo on a terminal; otherwise reads the first line of stdin.",
            "The verifier also works in PostgreSQL's ALTER ROLE ... PASSWORD '...'.",
        })
final class ScramSecretCommand implements Callable<Integer> {

    private final InputStream stdin;
    private final Console console;

    @Spec
    private CommandSpec spec;

    /**
     * @param console the terminal to prompt on, or {@code null} to read {@code stdin}
     */
    ScramSecretCommand(InputStream stdin, Console console) {
        this.stdin = stdin;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String password = console != null ? prompt(console) : firstLine(stdin);
        if (password.isEmpty()) {
            err.println("sluice scram-secret: empty password (expected: one non-empty line on stdin)");
            err.flush();
            return SluiceCli.USAGE_ERROR;
        }
        out.println(ScramSecret.generate(password, new SecureRandom()).encode());
        out.flush();
        return 0;
    }

    private static String prompt(Console console) {
        char[] chars = console.readPassword("password: ");
        if (chars == null) {
            return "";
        }
        String password = new String(chars);
        Arrays.fill(chars, '\0');
        return password;
    }

    /** The first line without its line ending; spaces are part of a password and are kept. */
    private static String firstLine(InputStream in) throws IOException {
        // Not closed: it wraps the process's stdin.
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? "" : line;
    }
}
