package io.sluice.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules that involve more than one value, checked after binding: at least one database, names PostgreSQL
 * accepts, {@code pool.min_pool_size} within every pool's size, passwords that can answer the configured
 * {@code auth.type}.
 */
final class ConfigValidator {

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    private static final int MAX_NAME_BYTES = 63;
    /** The admin console's virtual databases; an entry with one of these names could never be reached. */
    private static final Set<String> RESERVED_DATABASES = Set.of("sluice", "pgbouncer");
    private static final Pattern MD5_HASH = Pattern.compile("md5[0-9a-f]{32}");
    private static final Pattern SCRAM_VERIFIER =
            Pattern.compile("SCRAM-SHA-256\\$([0-9]+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final int SCRAM_KEY_BYTES = 32;

    private ConfigValidator() {
    }

    static void validate(SluiceConfig config, Locations locations, Problems problems) {
        if (config.databases().isEmpty()) {
            problems.add(locations.lineOf("databases"), "databases", "at least one database is required");
        }
        config.databases().values().forEach(db -> checkDatabase(db, locations, problems));
        checkMinPoolSize(config, locations, problems);
        AuthType auth = config.auth().type();
        boolean lookup = config.auth().queryEnabled();
        config.users().values().forEach(user -> checkUser(user, auth, lookup, locations, problems));
        checkAuthQuery(config, locations, problems);
        TlsValidator.validate(config.clientTls(), config.serverTls(), locations, problems);
        TlsValidator.validateRules(config.clientTls(), config.hba(), problems);
        checkUnixSocket(config, locations, problems);
    }

    /**
     * {@code listen.unix_socket_dir} must be an absolute directory whose socket path fits; {@code source: local}
     * rules need that socket, and never match with {@code tls: required} (nothing on it uses TLS).
     */
    private static void checkUnixSocket(SluiceConfig config, Locations locations, Problems problems) {
        String key = Settings.LISTEN_UNIX_SOCKET_DIR.key();
        Optional<String> dir = config.listen().unixSocketDir();
        if (dir.isPresent()) {
            // The longest port: with listen.port 0 the socket is named after the port the listener gets.
            String socket = DatabaseConfig.unixSocketPath(dir.get(), 65535);
            if (socket == null) {
                problems.add(locations.lineOf(key), key, "must be an absolute directory (start with /), got '"
                        + dir.get() + "'");
            } else {
                checkSocketLength(socket, key, locations, problems);
            }
        }
        for (HbaRule rule : config.hba()) {
            if (rule.local() && dir.isEmpty()) {
                problems.add(rule.line(), "hba", "a rule with source: local never matches without"
                        + " listen.unix_socket_dir (the socket local clients come through)");
            } else if (rule.local() && rule.tls() == HbaTls.REQUIRED) {
                problems.add(rule.line(), "hba", "a rule with source: local and tls: required never matches:"
                        + " clients on the Unix-domain socket do not use TLS");
            }
        }
    }

    /** {@code auth.user} must be a configured user, {@code auth.database} a configured database. */
    private static void checkAuthQuery(SluiceConfig config, Locations locations, Problems problems) {
        AuthConfig auth = config.auth();
        String userKey = Settings.AUTH_USER.key();
        auth.user().ifPresent(user -> {
            if (auth.type() == AuthType.TRUST) {
                problems.add(locations.lineOf(userKey), userKey, "has no effect with auth.type trust (trust asks"
                        + " no password, so there is none to look up); remove it or choose md5 or scram-sha-256");
            } else if (!config.users().containsKey(user)) {
                problems.add(locations.lineOf(userKey), userKey, "user '" + user + "' must be listed under users:"
                        + " with the password Sluice logs into PostgreSQL with to run auth.query");
            }
        });
        String queryKey = Settings.AUTH_QUERY.key();
        if (auth.queryEnabled() && !auth.query().contains("$1") && !problems.reportedAt(queryKey)) {
            problems.add(locations.lineOf(queryKey), queryKey, "must contain $1, where the user name goes");
        }
        String databaseKey = Settings.AUTH_DATABASE.key();
        auth.database().ifPresent(database -> {
            if (!config.databases().containsKey(database)) {
                problems.add(locations.lineOf(databaseKey), databaseKey, "database '" + database
                        + "' is not listed under databases:" + Suggestions.closest(database,
                        config.databases().keySet()).map(s -> " (did you mean '" + s + "'?)").orElse(""));
            }
        });
    }

    private static void checkDatabase(DatabaseConfig db, Locations locations, Problems problems) {
        String path = YamlNode.child("databases", db.name());
        checkName(db.name(), "database", path, locations, problems);
        if (RESERVED_DATABASES.contains(db.name())) {
            problems.add(locations.lineOf(path), path,
                    "database name '" + db.name() + "' is reserved for the admin console");
        }
        String socket = DatabaseConfig.unixSocketPath(db.host(), db.port());
        if (socket != null) {
            checkSocketLength(socket, path + ".host", locations, problems);
        }
        if (db.serverPassword().isPresent() && db.serverUser().isEmpty()) {
            String key = path + ".server_password";
            problems.add(locations.lineOf(key), key, "needs server_user (the user it is the password of)");
        }
    }

    /** A socket's path must fit in the name a Unix-domain socket holds. */
    private static void checkSocketLength(String socket, String key, Locations locations, Problems problems) {
        if (socket.getBytes(StandardCharsets.UTF_8).length > DatabaseConfig.MAX_SOCKET_PATH_BYTES) {
            problems.add(locations.lineOf(key), key, "socket path " + socket + " is longer than the "
                    + DatabaseConfig.MAX_SOCKET_PATH_BYTES + " bytes Unix-domain sockets allow");
        }
    }

    /**
     * {@code pool.min_pool_size} may not exceed {@code pool.size} nor any {@code databases.*.pool_size}. Reported
     * on {@code pool.min_pool_size}; quiet where either value was already reported (it then reads as its default).
     */
    private static void checkMinPoolSize(SluiceConfig config, Locations locations, Problems problems) {
        String key = Settings.POOL_MIN_POOL_SIZE.key();
        int min = config.pool().minPoolSize();
        if (min == 0 || problems.reportedAt(key)) {
            return;
        }
        int line = locations.lineOf(key);
        String sizeKey = Settings.POOL_SIZE.key();
        if (min > config.pool().size() && !problems.reportedAt(sizeKey)) {
            problems.add(line, key, "must not exceed " + sizeKey + " (" + config.pool().size() + "), got " + min);
        }
        for (DatabaseConfig db : config.databases().values()) {
            String poolSizeKey = YamlNode.child("databases", db.name()) + ".pool_size";
            if (db.poolSize().isPresent() && min > db.poolSize().getAsInt() && !problems.reportedAt(poolSizeKey)) {
                problems.add(line, key, "must not exceed " + poolSizeKey + " (" + db.poolSize().getAsInt()
                        + ", line " + locations.lineOf(poolSizeKey) + "), got " + min);
            }
        }
    }

    private static void checkUser(UserConfig user, AuthType auth, boolean lookup, Locations locations,
            Problems problems) {
        String path = YamlNode.child("users", user.name());
        checkName(user.name(), "user", path, locations, problems);
        String password = user.password();
        String key = path + ".password";
        if (password == null) {
            // A password whose value was wrong (e.g. an unset ${VAR}) is already reported; don't add "required".
            if (auth != AuthType.TRUST && !lookup && !problems.reportedAt(key)) {
                problems.add(locations.lineOf(path), path, "password is required when auth.type is "
                        + auth.configName() + " (or set auth.user to look it up with auth.query)");
            }
            return;
        }
        int line = locations.lineOf(key);
        if (password.startsWith("SCRAM-SHA-256$")) {
            if (!isScramVerifier(password)) {
                problems.add(line, key, "malformed SCRAM verifier (expected"
                        + " SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, keys in base64 of 32 bytes)");
            }
            // With auth.type md5 a SCRAM verifier upgrades the exchange to SCRAM, as PostgreSQL does.
        } else if (MD5_HASH.matcher(password).matches() && auth == AuthType.SCRAM_SHA_256) {
            problems.add(line, key, "an md5 hash cannot answer scram-sha-256 authentication; give the plain-text"
                    + " password or a SCRAM verifier, or set auth.type to md5");
        }
    }

    private static void checkName(String name, String noun, String path, Locations locations, Problems problems) {
        if (name.isEmpty()) {
            problems.add(locations.lineOf(path), path, noun + " name must not be empty");
        } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            problems.add(locations.lineOf(path), path,
                    noun + " name is longer than " + MAX_NAME_BYTES + " bytes, the PostgreSQL limit");
        }
    }

    private static boolean isScramVerifier(String password) {
        Matcher m = SCRAM_VERIFIER.matcher(password);
        if (!m.matches()) {
            return false;
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            return Integer.parseInt(m.group(1)) > 0
                    && base64.decode(m.group(2)).length > 0
                    && base64.decode(m.group(3)).length == SCRAM_KEY_BYTES
                    && base64.decode(m.group(4)).length == SCRAM_KEY_BYTES;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return false;
        }
    }
}
