package io.sluice.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options that say which admin console to connect to, shared by {@code sluice admin} (and inherited by its
 * subcommands, so they may come before or after one) and {@code sluice top}. The password is never an option: it
 * comes from {@code PGPASSWORD} or a prompt.
 */
final class ConsoleOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", scope = ScopeType.INHERIT,
            description = "Sluice's host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "6432", scope = ScopeType.INHERIT,
            description = "Sluice's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "A user listed in admin.users or admin.stats_users (default: $PGUSER, else your login"
                    + " name).")
    String user;

    @Option(names = "--dbname", paramLabel = "DB", defaultValue = "sluice", scope = ScopeType.INHERIT,
            description = "The console's database, sluice or pgbouncer (default: ${DEFAULT-VALUE}).")
    String dbname;

    /** The console to connect to, with the user defaulted from {@code env} as {@code psql} does. */
    ConsoleTarget target(Map<String, String> env) {
        String who = user;
        if (who == null || who.isEmpty()) {
            who = env.getOrDefault("PGUSER", "");
        }
        if (who.isEmpty()) {
            who = System.getProperty("user.name", "sluice");
        }
        return new ConsoleTarget(host, port, who, dbname);
    }

    /**
     * The password: {@code PGPASSWORD} when set, else asked on the terminal without echo, else none.
     *
     * @param console the terminal, or {@code null} when not interactive
     * @return the password, or {@code null} to offer none
     */
    static String password(Map<String, String> env, Console console, ConsoleTarget target) {
        String fromEnv = env.get("PGPASSWORD");
        if (fromEnv != null) {
            return fromEnv;
        }
        if (console == null) {
            return null;
        }
        char[] chars = console.readPassword("Password for user %s: ", target.user());
        if (chars == null) {
            return null;
        }
        String password = new String(chars);
        Arrays.fill(chars, '\0');
        return password;
    }
}
