package io.sluice.cli;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the admin console is and who logs into it.
 *
 * @param host Sluice's host name or address
 * @param port Sluice's listener port
 * @param user an {@code admin.users} or {@code admin.stats_users} user
 * @param dbname the console's virtual database, {@code sluice} or {@code pgbouncer}
 */
record ConsoleTarget(String host, int port, String user, String dbname) {

    ConsoleTarget {
        requireNonNull(host, "host");
        requireNonNull(user, "user");
        requireNonNull(dbname, "dbname");
    }

    String jdbcUrl() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ':' + port + '/' + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + dbname;
    }
}
