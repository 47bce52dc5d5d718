package io.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar value with the environment's values.
 *
 * <p>As in the shell, the default is used when the variable is unset or empty; a variable that is unset and
 * has no default is a problem. The default is literal text and cannot contain {@code }}. {@code $${} writes a
 * literal {@code ${}; any other {@code $} is kept as is, so SCRAM verifiers need no escaping.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * The substituted text and what went wrong; when problems is non-empty the value is not to be used.
     *
     * @param value the text with every reference replaced
     * @param problems messages that read well after a key path, in order of appearance
     */
    record Result(String value, List<String> problems) {
        Result {
            problems = List.copyOf(problems);
        }
    }

    private EnvSubstitution() {
    }

    static Result apply(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) {
            return new Result(text, List.of());
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    problems.add("unterminated '${' in '" + text + "' (expected ${VAR} or ${VAR:-default};"
                            + " write $${ for a literal ${)");
                    out.append(text, i, text.length());
                    break;
                }
                out.append(resolve(text.substring(i + 2, close), env, problems));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), problems);
    }

    private static String resolve(String reference, Map<String, String> env, List<String> problems) {
        int separator = reference.indexOf(":-");
        String name = separator < 0 ? reference : reference.substring(0, separator);
        String fallback = separator < 0 ? null : reference.substring(separator + 2);
        if (!NAME.matcher(name).matches()) {
            problems.add("invalid environment variable name '" + name + "' in '${" + reference
                    + "}' (expected letters, digits and _, not starting with a digit)");
            return "";
        }
        String value = env.get(name);
        if ((value == null || value.isEmpty()) && fallback != null) {
            return fallback;
        }
        if (value == null) {
            problems.add("environment variable " + name + " is not set (set it, or give a default with ${"
                    + name + ":-default})");
            return "";
        }
        return value;
    }
}
