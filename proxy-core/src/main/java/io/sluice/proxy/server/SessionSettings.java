package io.sluice.proxy.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one server session's settings are, beyond what PostgreSQL reports, and the SQL that gives it a client's.
 *
 * <p>PostgreSQL reports some settings ({@code ParameterStatus}), which {@link ServerParameters} keeps; the others
 * a client needs (its startup {@code -c} options, say) Sluice injected with {@code SET} and remembers here, so a
 * later client that does not want them gets a {@code RESET}. The fingerprint of the client settings last matched
 * lets a server skip the comparison when the next client's settings are the same and nothing changed since.
 *
 * <p>A decider: it sends nothing. Plain Java, owned by the server connection's loop.
 */
final class SessionSettings {

    private final ServerParameters parameters;
    /** Settings injected with SET that PostgreSQL does not report. */
    private final Map<String, String> injected = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /**
     * The {@link ClientSettings#fingerprint()} of settings this session is known to have: nothing was injected,
     * reported or SET here since they were matched. Null when unknown.
     */
    private String matched;
    /** A client ran SET, RESET or DISCARD here: its session settings must not reach the next client. */
    private boolean changedByClient;

    SessionSettings(ServerParameters parameters) {
        this.parameters = parameters;
    }

    /** Whether the last client matched had {@code desired} and nothing changed here since: no SQL is needed. */
    boolean matches(ClientSettings desired) {
        return desired.fingerprint().equals(matched);
    }

    /**
     * The SQL that gives this session {@code desired}: {@code SET} for each setting that differs from what the
     * server has, {@code RESET} for each one an earlier client had injected that this client does not want.
     * Empty when nothing differs (and then remembered as matched).
     */
    String sqlFor(ClientSettings desired) {
        if (matches(desired)) {
            // The last client matched had the same settings and nothing changed here since: nothing to compare.
            return "";
        }
        String fingerprint = desired.fingerprint();
        StringBuilder sql = new StringBuilder();
        desired.forEach((name, value) -> {
            String current = parameters.get(name);
            if (current == null) {
                current = injected.get(name);
            }
            if (!value.equals(current)) {
                sql.append("SET ").append(name).append(" = ").append(SqlLiterals.string(value)).append(';');
            }
        });
        for (String name : injected.keySet()) {
            if (!desired.containsKey(name)) {
                sql.append("RESET ").append(name).append(';');
            }
        }
        if (sql.length() == 0) {
            matched = fingerprint;
        }
        return sql.toString();
    }

    /**
     * The SQL of {@link #sqlFor} succeeded (PostgreSQL's reports of it already seen): the session has
     * {@code desired}, whose values take PostgreSQL's spelling ("ISO, MDY" for "ISO") so the next comparison is
     * equal.
     */
    void applied(ClientSettings desired) {
        injected.clear();
        desired.replaceAll((name, value) -> {
            String reported = parameters.get(name);
            if (reported == null) {
                injected.put(name, value);
                return value;
            }
            return reported;
        });
        matched = desired.fingerprint();
    }

    /** Something may have changed a setting (a query of Sluice's, a ParameterStatus): compare in full next time. */
    void unknown() {
        matched = null;
    }

    /** The client ran SET, RESET or DISCARD: the session must be reset before another client gets it. */
    void changedByClient() {
        changedByClient = true;
        matched = null;
    }

    boolean isChangedByClient() {
        return changedByClient;
    }

    /** Whether anything of a client's is set here that the login defaults would not have. */
    boolean needsReset() {
        return changedByClient || !injected.isEmpty();
    }

    /** RESET ALL or DISCARD ALL ran: every setting is back to the login defaults. */
    void reset() {
        changedByClient = false;
        injected.clear();
    }
}
