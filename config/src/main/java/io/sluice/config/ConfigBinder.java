package io.sluice.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Binds a composed YAML tree to a {@link SluiceConfig}, driven by the {@link Settings} table: which keys
 * exist at each level, how each value parses, and what it defaults to. Every problem is recorded and binding
 * goes on with the default in place of a wrong value, so one pass finds them all.
 */
final class ConfigBinder {

    /** Top-level keys in table order: {@code listen, pool, auth, databases, users, metrics}. */
    private static final Set<String> SECTIONS =
            Settings.all().stream().map(Setting::section).collect(Collectors.toCollection(LinkedHashSet::new));

    private final Problems problems;
    private final Map<String, String> env;
    private final Locations locations;

    ConfigBinder(Problems problems, Map<String, String> env, Locations locations) {
        this.problems = problems;
        this.env = env;
        this.locations = locations;
    }

    /** Binds a root mapping node; the caller has checked it is one. */
    SluiceConfig bind(YamlNode root) {
        locations.put("", root.line());
        Map<String, YamlNode> sections = new LinkedHashMap<>();
        for (YamlNode.Entry entry : root.entries(problems)) {
            if (SECTIONS.contains(entry.key())) {
                locations.put(entry.value().path(), entry.line());
                sections.put(entry.key(), entry.value());
            } else {
                unknownKey(entry, root.path(), SECTIONS);
            }
        }
        Values listen = bindSection("listen", sections.get("listen"));
        Values pool = bindSection("pool", sections.get("pool"));
        Values auth = bindSection("auth", sections.get("auth"));
        Values admin = bindSection("admin", sections.get("admin"));
        Values process = bindSection("process", sections.get("process"));
        Values metrics = bindSection("metrics", sections.get("metrics"));
        Values clientTls = bindSection("client_tls", sections.get("client_tls"));
        Values serverTls = bindSection("server_tls", sections.get("server_tls"));
        return new SluiceConfig(
                new ListenConfig(listen.string(Settings.LISTEN_HOST), listen.integer(Settings.LISTEN_PORT),
                        listen.duration(Settings.LISTEN_CLIENT_LOGIN_TIMEOUT),
                        Math.toIntExact(listen.size(Settings.LISTEN_MAX_PACKET_SIZE)),
                        listen.integer(Settings.LISTEN_MAX_CLIENT_CONN_PER_ADDRESS),
                        listen.optional(Settings.LISTEN_UNIX_SOCKET_DIR, String.class)),
                new PoolConfig(pool.required(Settings.POOL_MODE, PoolMode.class), pool.integer(Settings.POOL_SIZE),
                        pool.integer(Settings.POOL_MAX_CLIENT_CONN), pool.duration(Settings.POOL_QUERY_WAIT_TIMEOUT),
                        pool.duration(Settings.POOL_SERVER_CONNECT_TIMEOUT),
                        pool.duration(Settings.POOL_SERVER_IDLE_TIMEOUT),
                        pool.duration(Settings.POOL_SERVER_LIFETIME), pool.string(Settings.POOL_SERVER_RESET_QUERY),
                        pool.duration(Settings.POOL_SERVER_RESET_TIMEOUT),
                        pool.duration(Settings.POOL_QUERY_WAIT_NOTIFY), pool.integer(Settings.POOL_MIN_POOL_SIZE),
                        pool.duration(Settings.POOL_SERVER_LOGIN_RETRY),
                        pool.duration(Settings.POOL_CLIENT_IDLE_TIMEOUT),
                        pool.duration(Settings.POOL_IDLE_TRANSACTION_TIMEOUT),
                        pool.duration(Settings.POOL_QUERY_TIMEOUT),
                        pool.duration(Settings.POOL_SERVER_CHECK_DELAY),
                        pool.string(Settings.POOL_SERVER_CHECK_QUERY),
                        pool.integer(Settings.POOL_RESERVE_POOL_SIZE),
                        pool.duration(Settings.POOL_RESERVE_POOL_TIMEOUT),
                        pool.integer(Settings.POOL_MAX_DB_CONNECTIONS),
                        pool.integer(Settings.POOL_MAX_USER_CONNECTIONS),
                        pool.integer(Settings.POOL_MAX_PREPARED_STATEMENTS),
                        pool.integer(Settings.POOL_MAX_CLIENT_PREPARED_STATEMENTS)),
                new AuthConfig(auth.required(Settings.AUTH_TYPE, AuthType.class), auth.string(Settings.AUTH_QUERY),
                        auth.optional(Settings.AUTH_USER, String.class),
                        auth.optional(Settings.AUTH_DATABASE, String.class),
                        auth.integer(Settings.AUTH_QUERY_MAX_CONNECTIONS),
                        auth.duration(Settings.AUTH_QUERY_CACHE_TTL),
                        auth.duration(Settings.AUTH_QUERY_NEGATIVE_CACHE_TTL),
                        auth.integer(Settings.AUTH_FAILURE_BACKOFF_AFTER), auth.duration(Settings.AUTH_FAILURE_WINDOW),
                        auth.duration(Settings.AUTH_FAILURE_BACKOFF),
                        auth.duration(Settings.AUTH_FAILURE_BACKOFF_MAX)),
                new AdminConfig(admin.names(Settings.ADMIN_USERS), admin.names(Settings.ADMIN_STATS_USERS),
                        admin.duration(Settings.ADMIN_STATS_PERIOD)),
                new ProcessConfig(process.required(Settings.PROCESS_LOG_FORMAT, LogFormat.class),
                        process.required(Settings.PROCESS_LOG_CONNECTIONS, Boolean.class),
                        process.integer(Settings.PROCESS_EVENT_LOOPS),
                        process.required(Settings.PROCESS_TRANSPORT, IoTransport.class),
                        process.duration(Settings.PROCESS_SHUTDOWN_TIMEOUT)),
                new MetricsConfig(metrics.required(Settings.METRICS_ENABLED, Boolean.class),
                        metrics.string(Settings.METRICS_HOST), metrics.integer(Settings.METRICS_PORT)),
                TlsBinding.client(clientTls), TlsBinding.server(serverTls),
                new HbaBinding(problems).rules(bindList("hba", sections.get("hba"), "access rules")),
                bindEntries("databases", sections.get("databases"), "database", ConfigBinder::database),
                bindEntries("users", sections.get("users"), "user",
                        (name, v) -> new UserConfig(name, v.optional(Settings.USER_PASSWORD, String.class)
                                .orElse(null))));
    }

    /**
     * A list of mappings ({@code hba}); absent or empty binds to no entries. Each item is bound with the settings
     * under {@code section.*}, and paired with its node (path and line).
     */
    private List<Map.Entry<YamlNode, Values>> bindList(String section, YamlNode node, String noun) {
        List<Map.Entry<YamlNode, Values>> bound = new ArrayList<>();
        if (node == null || node.isNull()) {
            return bound;
        }
        if (!node.isSequence()) {
            problems.add(node.line(), node.path(), "expected a list of " + noun + ", got " + node.kind());
            return bound;
        }
        for (YamlNode item : node.items()) {
            locations.put(item.path(), item.line());
            if (!item.isMapping()) {
                problems.add(item.line(), item.path(), "expected a mapping, got " + item.kind());
                continue;
            }
            bound.add(Map.entry(item, bindSection(section + ".*", item)));
        }
        return bound;
    }

    private static DatabaseConfig database(String name, Values v) {
        return new DatabaseConfig(name, v.string(Settings.DATABASE_HOST), v.integer(Settings.DATABASE_PORT),
                v.optional(Settings.DATABASE_DBNAME, String.class).orElse(name),
                v.optionalInt(Settings.DATABASE_POOL_SIZE), v.optional(Settings.DATABASE_POOL_MODE, PoolMode.class),
                v.optional(Settings.DATABASE_SERVER_USER, String.class),
                v.optional(Settings.DATABASE_SERVER_PASSWORD, String.class));
    }

    /** A map of names to entries ({@code databases}, {@code users}); absent or empty binds to no entries. */
    private <T> Map<String, T> bindEntries(String section, YamlNode node, String noun,
                                           BiFunction<String, Values, T> build) {
        Map<String, T> bound = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return bound;
        }
        if (!node.isMapping()) {
            problems.add(node.line(), node.path(),
                    "expected a mapping of " + noun + " names to their settings, got " + node.kind());
            return bound;
        }
        for (YamlNode.Entry entry : node.entries(problems)) {
            locations.put(entry.value().path(), entry.line());
            bound.put(entry.key(), build.apply(entry.key(), bindSection(section + ".*", entry.value())));
        }
        return bound;
    }

    /** The settings directly under {@code parent} ({@code pool}, {@code databases.*}) from a mapping node. */
    private Values bindSection(String parent, YamlNode node) {
        Values values = new Values();
        if (node == null || node.isNull()) {
            return values;
        }
        List<Setting> known = Settings.under(parent);
        Set<String> names = known.stream().map(Setting::name).collect(
                Collectors.toCollection(LinkedHashSet::new));
        if (!node.isMapping()) {
            problems.add(node.line(), node.path(), "expected a mapping with keys " + String.join(", ", names)
                    + ", got " + node.kind());
            return values;
        }
        for (YamlNode.Entry entry : node.entries(problems)) {
            Optional<Setting> setting = known.stream().filter(s -> s.name().equals(entry.key())).findFirst();
            if (setting.isEmpty()) {
                unknownKey(entry, node.path(), names);
                continue;
            }
            locations.put(entry.value().path(), entry.line());
            bindValue(setting.get(), entry.value()).ifPresent(v -> values.put(setting.get(), v));
        }
        return values;
    }

    private Optional<Object> bindValue(Setting setting, YamlNode written) {
        boolean list = setting.type() == SettingType.NAMES || setting.type() == SettingType.NAME_LIST;
        YamlNode node = list && written.isSequence() ? joined(written) : written;
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            String hint = setting.type() == SettingType.TEXT ? "write \"\" for an empty string, or remove the key"
                    : "give a value, or remove the key";
            problems.add(node.line(), node.path(), "has no value (" + hint
                    + (setting.defaultValue() == null ? "" : " for the default '" + setting.defaultValue() + "'")
                    + ')');
            return Optional.empty();
        }
        if (!node.isScalar()) {
            problems.add(node.line(), node.path(),
                    "expected a single value (" + setting.typeDescription() + "), got " + node.kind());
            return Optional.empty();
        }
        EnvSubstitution.Result substituted = EnvSubstitution.apply(node.scalar(), env);
        if (!substituted.problems().isEmpty()) {
            substituted.problems().forEach(message -> problems.add(node.line(), node.path(), message));
            return Optional.empty();
        }
        try {
            return Optional.of(setting.parse(substituted.value()));
        } catch (IllegalArgumentException e) {
            problems.add(node.line(), node.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A list of names as one comma-separated scalar, or {@code null} after reporting an item that is not a name. */
    private YamlNode joined(YamlNode list) {
        List<String> names = new ArrayList<>();
        for (YamlNode item : list.items()) {
            if (!item.isScalar() || item.isNull() || item.scalar().contains(",")) {
                problems.add(item.line(), item.path(), "expected a name, got " + item.kind());
                return null;
            }
            names.add(item.scalar());
        }
        return list.withScalar(String.join(",", names));
    }

    private void unknownKey(YamlNode.Entry entry, String parentPath, Set<String> known) {
        String hint = Suggestions.closest(entry.key(), known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("expected one of: " + String.join(", ", known));
        problems.add(entry.line(), parentPath, "unknown key '" + entry.key() + "' (" + hint + ')');
    }
}
