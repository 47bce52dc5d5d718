package io.sluice.proxy.it;

import io.sluice.config.ConfigException;
import io.sluice.config.ConfigLoader;
import io.sluice.proxy.Sluice;
import io.sluice.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** What the integration tests share: the application role and database, and Sluice started from YAML. */
final class ItEnv {

    static final String APP_USER = "sluice_app";
    static final String APP_PASSWORD = "app-secret";
    static final String APP_DB = "sluice_it";

    private static volatile boolean prepared;

    private ItEnv() {
    }

    /** Creates the application role and database once per JVM. */
    static synchronized void prepare(TestPostgres pg) throws SQLException {
        if (prepared) {
            return;
        }
        pg.createRole(APP_USER, APP_PASSWORD);
        pg.createDatabase(APP_DB, APP_USER);
        prepared = true;
    }

    /** A session-mode config in front of {@code pg} with {@code pool.size = poolSize}, plus extra pool settings. */
    static String config(TestPostgres pg, int poolSize, String extraPool) {
        return config(pg, "session", poolSize, extraPool);
    }

    /** A config in front of {@code pg} in {@code mode} with {@code pool.size = poolSize}, plus extra settings. */
    static String config(TestPostgres pg, String mode, int poolSize, String extraPool) {
        return """
                listen: { host: 127.0.0.1, port: 0, client_login_timeout: 10s }
                pool: { mode: %s, size: %d, query_wait_timeout: 30s%s }
                auth: { type: scram-sha-256 }
                metrics: { port: 0 }
                databases:
                  app: { host: %s, port: %d, dbname: %s }
                users:
                  %s: { password: "%s" }
                """.formatted(mode, poolSize, extraPool, pg.host(), pg.port(), APP_DB, APP_USER, APP_PASSWORD);
    }

    /**
     * Creates a login role of a test's own (password {@link #APP_PASSWORD}, allowed on the test database), so that
     * counting its sessions in pg_stat_activity cannot count sessions other tests left behind.
     */
    static String dedicatedRole(TestPostgres pg, String name) throws SQLException {
        pg.createRole(name, APP_PASSWORD);
        pg.execute("GRANT ALL ON DATABASE " + APP_DB + " TO " + name);
        return name;
    }

    /** {@code yaml} with the application user replaced by {@code role}. */
    static String withUser(String yaml, String role) {
        return yaml.replace(APP_USER + ":", role + ":");
    }

    /** Sessions {@code role} has open on PostgreSQL now. */
    static int sessionsOf(TestPostgres pg, String role) throws SQLException {
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); var s = admin.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Starts Sluice; its metrics listener takes a free port unless {@code yaml} configures one, and it runs two event
     * loops unless {@code yaml} sets {@code process:}, whatever the machine's cores (the default under io_uring on 2
     * cores is one), so that servers handed from one loop to another are always exercised.
     */
    static Sluice start(String yaml) {
        String withMetrics = yaml.contains("metrics:") ? yaml : yaml + "\nmetrics: { port: 0 }\n";
        String withLoops = withMetrics.contains("process:") ? withMetrics
                : withMetrics + "process: { event_loops: 2 }\n";
        try {
            return Sluice.start(ConfigLoader.parse(withLoops, "it.yaml", Map.of()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String url(Sluice sluice, String database) {
        return "jdbc:postgresql://127.0.0.1:" + sluice.port() + "/" + database;
    }

    /** A pgjdbc connection through Sluice as the application user. */
    static Connection connect(Sluice sluice) throws SQLException {
        return connect(sluice, "app", APP_USER, APP_PASSWORD, new Properties());
    }

    static Connection connect(Sluice sluice, String database, String user, String password, Properties extra)
            throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url(sluice, database), props);
    }
}
