package io.sluice.cli;

import io.netty.util.ResourceLeakDetector;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} root command and the entry point of {@code sluice.jar}.
 *
 * <p>Run without a subcommand, it prints its usage and exits 2.
 */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A connection-pooling proxy for PostgreSQL.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            CheckConfigCommand.class,
            ScramSecretCommand.class,
            AdminCommand.class,
            TopCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {"", "Exit codes: 0 ok, 1 runtime error (for admin and top: the console answered an error),",
            "2 usage or configuration error, 3 cannot connect to or log into the admin console."})
public final class SluiceCli implements Callable<Integer> {

    /** Exit code of a failure at run time: a port in use, a server that would not start. */
    static final int RUNTIME_ERROR = 1;
    /** Exit code of a bad command line or a bad configuration. */
    static final int USAGE_ERROR = 2;
    /** Exit code of {@code admin} and {@code top} when there is no session with the console: refused, lost. */
    static final int CONNECTION_ERROR = 3;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        ConsoleLogging.install();
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty's default samples one buffer in 128 with a stack trace, about 3 % of the forwarding CPU. The test
            // suite runs with the paranoid level instead; -Dio.netty.leakDetection.level=simple turns it back on.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int exitCode = commandLine(System.in, System.console(), System.getenv(), new SttyTerminal(System.in))
                .execute(args);
        System.exit(exitCode);
    }

    /**
     * The whole command tree, reading passwords from {@code stdin}.
     *
     * @param console the terminal to prompt on without echo, or {@code null} when not interactive
     */
    static CommandLine commandLine(InputStream stdin, Console console) {
        return commandLine(stdin, console, System.getenv(), Terminal.none());
    }

    /**
     * The whole command tree with its surroundings injected, so tests need not touch the real ones.
     *
     * @param console the terminal to prompt on without echo, or {@code null} when not interactive
     * @param env the environment ({@code PGPASSWORD}, {@code PGUSER}, {@code COLUMNS})
     * @param terminal what {@code sluice top} draws on
     */
    static CommandLine commandLine(InputStream stdin, Console console, Map<String, String> env, Terminal terminal) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ScramSecretCommand.class) {
                    return type.cast(new ScramSecretCommand(stdin, console));
                }
                if (type == AdminCommand.class) {
                    return type.cast(new AdminCommand(env, console));
                }
                if (type == TopCommand.class) {
                    return type.cast(new TopCommand(env, console, terminal, Clock.systemDefaultZone()));
                }
                return defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new SluiceCli(), factory);
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println("sluice " + failed.getCommandName() + ": " + describe(e));
            if (!(e instanceof IOException || e instanceof UncheckedIOException)) {
                // Not an expected failure (those are reported by the commands themselves): show where it came from.
                e.printStackTrace(failed.getErr());
            }
            failed.getErr().flush();
            return RUNTIME_ERROR;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("sluice: missing subcommand");
        commandLine.usage(commandLine.getErr());
        return USAGE_ERROR;
    }

    /** One line for an exception: its message, or its class name when it has none, plus its causes' messages. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) >= 0) {
                continue;
            }
            if (text.length() > 0) {
                text.append(": ");
            }
            text.append(message);
        }
        return text.toString();
    }
}
