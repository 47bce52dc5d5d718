package io.sluice.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Gives integration tests a real PostgreSQL, started once per test JVM.
 *
 * <ul>
 *   <li>default: an embedded PostgreSQL 17 from Maven-shipped binaries;</li>
 *   <li>{@code SLUICE_TEST_PG_URL} set: that server (a superuser URL);</li>
 *   <li>{@code -Dsluice.test.pg=testcontainers} and a Docker engine: the image
 *       {@code postgres:<sluice.test.pg.version>} (default 17; 13 to 18 are supported).</li>
 * </ul>
 * Tests declare a {@link TestPostgres} parameter (constructor, lifecycle or test method) to receive it.
 */
public final class PostgresExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }

    /** The server for this JVM, started on first use. */
    public static TestPostgres server() {
        return Holder.SERVER;
    }

    private static TestPostgres start() {
        String url = System.getenv("SLUICE_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return ExternalPostgres.fromUrl(url);
        }
        if ("testcontainers".equals(System.getProperty("sluice.test.pg"))) {
            return startContainer(System.getProperty("sluice.test.pg.version", "17"));
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "embedded-postgres-stop"));
        return embedded;
    }

    private static TestPostgres startContainer(String version) {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:" + version))
                .withUsername("postgres")
                .withPassword("postgres")
                .withDatabaseName("postgres");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
        return new ExternalPostgres(container.getHost(), container.getFirstMappedPort(), "postgres", "postgres",
                "postgres", "PostgreSQL " + version + " in a container");
    }

    private static final class Holder {
        static final TestPostgres SERVER = start();
    }
}
