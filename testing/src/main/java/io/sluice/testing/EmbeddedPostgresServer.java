package io.sluice.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * PostgreSQL 17 started from the binaries Maven ships (zonky), so tests need nothing but a JDK.
 *
 * <p>Its {@code pg_hba.conf} picks the authentication method from the role name, so one server covers every method
 * Sluice must speak to PostgreSQL with.
 */
public final class EmbeddedPostgresServer implements TestPostgres, AutoCloseable {

    private static final String HBA = String.join("\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all /^trust_ 127.0.0.1/32 trust",
            "host all /^md5_ 127.0.0.1/32 md5",
            "host all /^password_ 127.0.0.1/32 password",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all postgres ::1/128 trust",
            "host all all ::1/128 scram-sha-256",
            "");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start() {
        return start(HBA, Map.of());
    }

    /**
     * A server of a test's own, with its own {@code pg_hba.conf} lines and extra settings (e.g. {@code ssl=on}
     * with {@code ssl_cert_file}); close it when done.
     */
    public static EmbeddedPostgresServer start(String hbaLines, Map<String, String> serverConfig) {
        try {
            Path hba = Files.createTempFile("sluice-test-hba", ".conf");
            Files.writeString(hba, hbaLines, StandardCharsets.UTF_8);
            hba.toFile().deleteOnExit();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("hba_file", hba.toString())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            serverConfig.forEach(builder::setServerConfig);
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String superUser() {
        return "postgres";
    }

    @Override
    public String superPassword() {
        return "";
    }

    @Override
    public String defaultDatabase() {
        return "postgres";
    }

    @Override
    public boolean honoursRolePrefixes() {
        return true;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on 127.0.0.1:" + port();
    }
}
