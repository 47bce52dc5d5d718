package io.sluice.cli;

import io.sluice.protocol.SqlState;
import java.io.Console;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code sluice admin}: runs one admin console command from a shell and prints its answer as an aligned table or
 * JSON. Each console command is a subcommand ({@code sluice admin show pools}, {@code sluice admin pause app});
 * anything else is sent as written ({@code sluice admin 'SHOW HELP'}, {@code sluice admin wait_close app}).
 *
 * <p>Exit codes: 0 done, 1 the console answered an error (its message and SQLSTATE on stderr), 2 usage error,
 * 3 no session with the console (cannot connect, or the login was refused).
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        subcommands = CommandLine.HelpCommand.class,
        description = {
            "Run an admin console command: show, pause, resume, reload, kill, shutdown...",
            "Any other words are sent to the console as written (sluice admin 'SHOW HELP').",
            "The password comes from PGPASSWORD, else a prompt; never from an argument.",
        },
        footer = {"", "Exit codes: 0 ok, 1 the console answered an error, 2 usage error, 3 cannot connect or log in."})
final class AdminCommand implements Callable<Integer> {

    /** Identifiers the console reads bare; anything else is sent double-quoted. */
    private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.-]*");

    private final Map<String, String> env;
    private final Console console;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConsoleOptions options;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print rows as a JSON array of objects (numbers unquoted) instead of a table.")
    private boolean json;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "A console command to send as written, when it is none of the subcommands.")
    private List<String> words;

    /**
     * @param env where {@code PGPASSWORD} and {@code PGUSER} are read
     * @param console the terminal to prompt for a password on, or {@code null} when not interactive
     */
    AdminCommand(Map<String, String> env, Console console) {
        this.env = env;
        this.console = console;
    }

    @Override
    public Integer call() {
        if (words == null || words.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "missing command (for example: sluice admin show pools)");
        }
        return send(String.join(" ", words));
    }

    @Command(name = "show", description = "SHOW pools|clients|servers|stats|stats_totals|stats_averages|databases"
            + "|config|users|lists|version|help.")
    int show(@Parameters(paramLabel = "WHAT", description = "What to show, for example pools.") String what) {
        if (!BARE.matcher(what).matches()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("show"),
                    "show: '" + what + "' (expected: a word such as pools, clients, stats)");
        }
        return send("SHOW " + what.toUpperCase(Locale.ROOT));
    }

    @Command(name = "pause", description = "Wait for transactions to finish, then hold new ones (one database,"
            + " or all).")
    int pause(@Parameters(paramLabel = "DB", arity = "0..1", description = "The database; all when absent.")
            String db) {
        return send("PAUSE" + optional(db));
    }

    @Command(name = "resume", description = "Release what PAUSE or SUSPEND held (one database, or all).")
    int resume(@Parameters(paramLabel = "DB", arity = "0..1", description = "The database; all when absent.")
            String db) {
        return send("RESUME" + optional(db));
    }

    @Command(name = "reload", description = "Re-read the configuration file; the changes are printed to stderr.")
    int reload() {
        return send("RELOAD");
    }

    @Command(name = "kill", description = "Drop the clients and servers of one database, or of all, and pause.")
    int kill(@Parameters(paramLabel = "DB", arity = "0..1", description = "The database; all when absent.")
            String db) {
        return send("KILL" + optional(db));
    }

    @Command(name = "kill-client", description = "Disconnect one client (its id from show clients).")
    int killClient(@Parameters(paramLabel = "ID", description = "The id column of show clients.") long id) {
        return send("KILL_CLIENT " + id);
    }

    @Command(name = "reconnect", description = "Replace servers once their transaction ends (one database, or"
            + " all).")
    int reconnect(@Parameters(paramLabel = "DB", arity = "0..1", description = "The database; all when absent.")
            String db) {
        return send("RECONNECT" + optional(db));
    }

    @Command(name = "disable", description = "Refuse new clients of a database; connected ones stay.")
    int disable(@Parameters(paramLabel = "DB", description = "The database.") String db) {
        return send("DISABLE " + identifier(db));
    }

    @Command(name = "enable", description = "Accept new clients of a database again, after disable.")
    int enable(@Parameters(paramLabel = "DB", description = "The database.") String db) {
        return send("ENABLE " + identifier(db));
    }

    @Command(name = "suspend", description = "Stop accepting and pause every pool (resume undoes it).")
    int suspend() {
        return send("SUSPEND");
    }

    @Command(name = "shutdown", description = "Stop Sluice: at once, or after servers or clients are gone.")
    int shutdown(
            @Option(names = "--wait-for-servers", description = "Stop accepting; exit once every server is back.")
            boolean waitForServers,
            @Option(names = "--wait-for-clients", description = "Stop accepting; exit once every client left.")
            boolean waitForClients) {
        if (waitForServers && waitForClients) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("shutdown"),
                    "shutdown: --wait-for-servers and --wait-for-clients exclude each other");
        }
        return send("SHUTDOWN" + (waitForServers ? " WAIT_FOR_SERVERS" : waitForClients ? " WAIT_FOR_CLIENTS" : ""));
    }

    @Command(name = "set", description = "Change a setting at run time (see show config).")
    int set(@Parameters(paramLabel = "KEY", description = "The setting, as show config names it.") String key,
            @Parameters(paramLabel = "VALUE", description = "Its new value.") String value) {
        if (!BARE.matcher(key).matches()) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("set"),
                    "set: key '" + key + "' (expected: a setting name from show config)");
        }
        return send("SET " + key + " = '" + value.replace("'", "''") + "'");
    }

    /** Connects, runs {@code command}, prints the answer; returns the exit code. */
    private int send(String command) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConsoleTarget target = options.target(env);
        String verb = command.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        String password = ConsoleOptions.password(env, console, target);
        try {
            ConsoleAnswer answer;
            try (ConsoleSession session = ConsoleSession.open(target, password)) {
                answer = runOrShutdown(session, command, verb);
            }
            print(answer, verb, out, err);
            return 0;
        } catch (ConsoleException e) {
            return failed("sluice admin", e, password, err);
        }
    }

    /** Reports a console failure on {@code err}; returns the exit code that tells its kind. */
    static int failed(String who, ConsoleException e, String password, PrintWriter err) {
        err.println(who + ": " + (e.kind() == ConsoleException.Kind.SERVER ? "ERROR: " : "") + e.describe());
        String state = e.sqlState() == null ? "" : e.sqlState();
        // 08004: pgjdbc refusing to log in without a password the server asked for; 28xxx: the server refusing.
        if (e.kind() == ConsoleException.Kind.CONNECTION && password == null
                && (state.equals("08004") || state.startsWith("28"))) {
            err.println(who + ": no password was offered: set PGPASSWORD, or run it on a terminal to be asked");
        }
        err.flush();
        return e.kind() == ConsoleException.Kind.SERVER ? SluiceCli.RUNTIME_ERROR : SluiceCli.CONNECTION_ERROR;
    }

    /**
     * SHUTDOWN may close the session before its answer arrives, or tell this session too that Sluice is shutting
     * down (57P01, which every connection hears as Sluice closes): that is the command working, not failing.
     */
    private static ConsoleAnswer runOrShutdown(ConsoleSession session, String command, String verb)
            throws ConsoleException {
        try {
            return session.run(command);
        } catch (ConsoleException e) {
            if (verb.equals("SHUTDOWN") && (e.kind() == ConsoleException.Kind.CONNECTION
                    || SqlState.ADMIN_SHUTDOWN.equals(e.sqlState()))) {
                return new ConsoleAnswer(null, List.of());
            }
            throw e;
        }
    }

    private void print(ConsoleAnswer answer, String verb, PrintWriter out, PrintWriter err) {
        if (answer.table() == null && json) {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("command", verb);
            done.put("notices", answer.notices());
            out.println(JsonWriter.object(done));
        } else {
            answer.notices().forEach(err::println);
            if (answer.table() == null) {
                out.println(verb);
            } else if (json) {
                out.println(JsonWriter.rows(answer.table()));
            } else {
                TextTable.lines(answer.table()).forEach(out::println);
            }
        }
        err.flush();
        out.flush();
    }

    private static String optional(String db) {
        return db == null ? "" : " " + identifier(db);
    }

    /** A database name as the console reads it: bare when it can be, else a double-quoted identifier. */
    static String identifier(String name) {
        return BARE.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
    }
}
