package io.sluice.proxy.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads admin console commands: PgBouncer's grammar ({@code SHOW POOLS}, {@code PAUSE db}, {@code SET key = value},
 * ...), case-insensitive, one command per query, an optional trailing semicolon. Database names may be double-quoted
 * identifiers; SET values may be single-quoted strings. Pure: no state, no I/O.
 */
public final class AdminCommandParser {

    /** Session settings drivers set on connecting; the console accepts and ignores them. */
    private static final Set<String> SESSION_SETTINGS = Set.of("extra_float_digits", "application_name",
            "client_encoding", "datestyle", "timezone", "intervalstyle", "search_path", "statement_timeout",
            "standard_conforming_strings", "client_min_messages", "lock_timeout", "bytea_output", "names");

    private AdminCommandParser() {
    }

    /**
     * Parses one command.
     *
     * @throws AdminException with SQLSTATE 42601 when it does not parse
     */
    public static AdminCommand parse(String sql) {
        List<String> words = tokens(sql);
        if (words.isEmpty()) {
            return new AdminCommand.Empty();
        }
        String verb = words.get(0).toUpperCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (verb) {
            case "SHOW" -> {
                requireCount(verb, args, 1, 1);
                yield new AdminCommand.Show(args.get(0).toUpperCase(Locale.ROOT));
            }
            case "PAUSE" -> new AdminCommand.Pause(optionalDatabase(verb, args));
            case "RESUME" -> new AdminCommand.Resume(optionalDatabase(verb, args));
            case "SUSPEND" -> {
                requireCount(verb, args, 0, 0);
                yield new AdminCommand.Suspend();
            }
            case "DISABLE" -> new AdminCommand.Disable(requiredDatabase(verb, args));
            case "ENABLE" -> new AdminCommand.Enable(requiredDatabase(verb, args));
            case "RECONNECT" -> new AdminCommand.Reconnect(optionalDatabase(verb, args));
            case "KILL" -> new AdminCommand.Kill(optionalDatabase(verb, args));
            case "KILL_CLIENT" -> {
                requireCount(verb, args, 1, 1);
                try {
                    yield new AdminCommand.KillClient(Long.parseLong(args.get(0)));
                } catch (NumberFormatException e) {
                    throw AdminException.syntax("KILL_CLIENT takes a client id from SHOW CLIENTS, got '"
                            + args.get(0) + "'");
                }
            }
            case "WAIT_CLOSE" -> new AdminCommand.WaitClose(optionalDatabase(verb, args));
            case "RELOAD" -> {
                requireCount(verb, args, 0, 0);
                yield new AdminCommand.Reload();
            }
            case "SHUTDOWN" -> {
                requireCount(verb, args, 0, 1);
                yield new AdminCommand.Shutdown(args.isEmpty() ? AdminCommand.ShutdownMode.NOW
                        : shutdownMode(args.get(0)));
            }
            case "SET" -> set(args);
            default -> throw AdminException.syntax("unknown command '" + words.get(0)
                    + "'; SHOW HELP lists the commands");
        };
    }

    private static AdminCommand set(List<String> args) {
        // SET key = value | SET key TO value | SET NAMES 'x' (sent by some drivers)
        if (args.size() == 2 && args.get(0).equalsIgnoreCase("names")) {
            return new AdminCommand.SessionSet("names");
        }
        if (args.size() != 3 || !(args.get(1).equals("=") || args.get(1).equalsIgnoreCase("TO"))) {
            throw AdminException.syntax("expected SET key = value");
        }
        String key = args.get(0).toLowerCase(Locale.ROOT);
        if (SESSION_SETTINGS.contains(key)) {
            return new AdminCommand.SessionSet(key);
        }
        return new AdminCommand.Set(key, args.get(2));
    }

    private static AdminCommand.ShutdownMode shutdownMode(String word) {
        try {
            AdminCommand.ShutdownMode mode = AdminCommand.ShutdownMode.valueOf(word.toUpperCase(Locale.ROOT));
            if (mode != AdminCommand.ShutdownMode.NOW) {
                return mode;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw AdminException.syntax("SHUTDOWN takes WAIT_FOR_SERVERS or WAIT_FOR_CLIENTS, got '" + word + "'");
    }

    private static String optionalDatabase(String verb, List<String> args) {
        requireCount(verb, args, 0, 1);
        return args.isEmpty() ? null : args.get(0);
    }

    private static String requiredDatabase(String verb, List<String> args) {
        requireCount(verb, args, 1, 1);
        return args.get(0);
    }

    private static void requireCount(String verb, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = max == 0 ? "no arguments" : min == max ? min + " argument" : "at most " + max
                    + " argument";
            throw AdminException.syntax(verb.toUpperCase(Locale.ROOT) + " takes " + expected + ", got "
                    + args.size());
        }
    }

    /**
     * Splits into words: bare words, {@code "quoted identifiers"} (with {@code ""} for a quote), {@code 'strings'}
     * (with {@code ''} for a quote) and {@code =}. One trailing semicolon is allowed; anything after it is an error.
     */
    static List<String> tokens(String sql) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == ';') {
                if (!sql.substring(i + 1).isBlank()) {
                    throw AdminException.syntax("one command per query");
                }
                break;
            } else if (c == '=') {
                words.add("=");
                i++;
            } else if (c == '"' || c == '\'') {
                StringBuilder word = new StringBuilder();
                i = quoted(sql, i, c, word);
                words.add(word.toString());
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(sql.charAt(i)) && "=;\"'".indexOf(sql.charAt(i)) < 0) {
                    i++;
                }
                words.add(sql.substring(start, i));
            }
        }
        return words;
    }

    private static int quoted(String sql, int open, char quote, StringBuilder word) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    word.append(quote);
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            word.append(c);
            i++;
        }
        throw AdminException.syntax("unterminated " + (quote == '"' ? "quoted identifier" : "string"));
    }
}
