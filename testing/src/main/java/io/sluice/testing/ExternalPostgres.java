package io.sluice.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL server the developer points at with {@code SLUICE_TEST_PG_URL=postgresql://user:pass@host:port/db}
 * (a superuser), or one that Testcontainers started.
 */
record ExternalPostgres(String host, int port, String superUser, String superPassword, String defaultDatabase,
                        String describe) implements TestPostgres {

    static ExternalPostgres fromUrl(String url) {
        URI uri = URI.create(url.startsWith("postgres://") ? "postgresql" + url.substring("postgres".length()) : url);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("SLUICE_TEST_PG_URL: " + url
                    + " (expected: postgresql://user:password@host:port/database)");
        }
        String user = "postgres";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getPath();
        String database = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return new ExternalPostgres(uri.getHost(), port, user, password, database,
                "external PostgreSQL at " + uri.getHost() + ":" + port);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean honoursRolePrefixes() {
        return false;
    }
}
