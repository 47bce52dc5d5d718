package io.sluice.proxy.session;

import io.sluice.protocol.ProtocolException;
import io.sluice.protocol.frontend.StartupMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a client asked of its session at startup: the run-time parameters it sent ({@code application_name},
 * {@code client_encoding}, {@code DateStyle}, {@code TimeZone}, {@code extra_float_digits}, …) and the
 * {@code -c name=value} settings of its {@code options}. Servers are opened with the pool's user and database
 * only and are shared, so these are applied with {@code SET} when a server is attached, and PostgreSQL decides
 * whether they are valid, as it would at startup.
 */
public final class ClientSession {

    /** Startup parameters that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options", "replication");

    /** A setting name PostgreSQL could accept; anything else cannot be spliced into {@code SET}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final String user;
    private final String database;
    private final Map<String, String> settings;

    private ClientSession(String user, String database, Map<String, String> settings) {
        this.user = user;
        this.database = database;
        this.settings = Collections.unmodifiableMap(settings);
    }

    /**
     * Reads a client's startup message.
     *
     * @throws ProtocolException for a malformed {@code options} value or a parameter name that is not one
     */
    public static ClientSession of(StartupMessage startup) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : startup.parameters().entrySet()) {
            String name = e.getKey();
            if (!NOT_SETTINGS.contains(name) && !name.startsWith("_pq_.")) {
                settings.put(checkedName(name), e.getValue());
            }
        }
        String options = startup.parameters().get("options");
        if (options != null && !options.isBlank()) {
            StartupMessage.parseOptions(options).forEach((name, value) -> settings.put(checkedName(name), value));
        }
        return new ClientSession(startup.user(), startup.database(), settings);
    }

    public String user() {
        return user;
    }

    public String database() {
        return database;
    }

    /** The settings the client asked for, in the order it gave them. */
    public Map<String, String> settings() {
        return settings;
    }

    private static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ProtocolException("startup parameter name: \"" + name
                    + "\" (expected: a configuration parameter name)");
        }
        return name;
    }
}
