package io.sluice.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A real PostgreSQL server for integration tests, and a superuser to prepare it with.
 *
 * <p>Role names choose how PostgreSQL authenticates them when the server is the embedded one (see
 * {@link EmbeddedPostgresServer}): {@code trust_*} with trust, {@code md5_*} with md5, {@code password_*} with
 * cleartext password, every other role with scram-sha-256.
 */
public interface TestPostgres {

    String host();

    int port();

    String superUser();

    /** The superuser's password; empty when the server trusts it. */
    String superPassword();

    /** The database the superuser connects to by default. */
    String defaultDatabase();

    /** Whether roles are authenticated by the method their name prefix gives (only on the embedded server). */
    boolean honoursRolePrefixes();

    /** A short description for test logs, e.g. "embedded PostgreSQL 17 on 127.0.0.1:54321". */
    String describe();

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A superuser connection to {@code database}. */
    default Connection connectAsSuperUser(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superUser());
        props.setProperty("password", superPassword());
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Runs each statement as the superuser in the default database. */
    default void execute(String... statements) throws SQLException {
        try (Connection c = connectAsSuperUser(defaultDatabase()); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Creates (or re-creates) a login role. Roles named {@code md5_*} get an md5-hashed password so that the md5
     * method applies to them; every other role gets a SCRAM verifier.
     */
    default void createRole(String name, String password) throws SQLException {
        String encryption = name.startsWith("md5_") ? "md5" : "scram-sha-256";
        String quoted = password.replace("'", "''");
        execute("DROP ROLE IF EXISTS " + name,
                "SET password_encryption = '" + encryption + "'",
                "CREATE ROLE " + name + " LOGIN PASSWORD '" + quoted + "'");
    }

    /** Creates a database owned by {@code owner} unless it exists. */
    default void createDatabase(String name, String owner) throws SQLException {
        try (Connection c = connectAsSuperUser(defaultDatabase()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name + " OWNER " + owner);
            }
        }
    }
}
