package io.sluice.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The PostgreSQL 17 behind {@code sluice demo}: started from the binaries in {@code sluice.jar} (zonky), with its
 * data in a temporary directory that {@link #close} removes, and a {@code demo} role (password {@code demo}) owning
 * a {@code demo} database.
 *
 * <p>Role {@code demo} must log in with SCRAM-SHA-256 over TCP, so the demo exercises the same login Sluice does
 * against a production server; the {@code postgres} superuser, used only to set up, is trusted on loopback.
 */
final class DemoPostgres implements AutoCloseable {

    static final String ROLE = "demo";
    static final String PASSWORD = "demo";
    static final String DATABASE = "demo";

    private static final String HBA = String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");

    private final Path directory;
    private final EmbeddedPostgres postgres;

    private DemoPostgres(Path directory, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.postgres = postgres;
    }

    static DemoPostgres start() throws IOException {
        Path directory = Files.createTempDirectory("sluice-demo-");
        EmbeddedPostgres postgres = null;
        try {
            Path hba = directory.resolve("pg_hba.conf");
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.resolve("data"))
                    .setCleanDataDirectory(true)
                    // Our own hook stops Sluice first, then this server.
                    .setRegisterShutdownHook(false)
                    // A first start unpacks the binaries; on a busy machine that takes longer than the default 10 s.
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .start();
            createRoleAndDatabase(postgres);
            return new DemoPostgres(directory, postgres);
        } catch (IOException | RuntimeException e) {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } finally {
                deleteRecursively(directory);
            }
            if (e instanceof IOException) {
                throw e;
            }
            // zonky reports missing binaries (any platform but linux-amd64, which is all sluice.jar ships) this way.
            throw new IOException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void createRoleAndDatabase(EmbeddedPostgres postgres) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
        } catch (SQLException e) {
            throw new IOException("could not create the demo role and database: " + e.getMessage(), e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    /** Stops PostgreSQL (fast shutdown) and removes its data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the demo PostgreSQL", e);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + directory, e);
        }
    }
}
