package io.sluice.config;

/**
 * Whether Sluice uses TLS towards PostgreSQL, with libpq's {@code sslmode} meanings (PgBouncer's
 * {@code server_tls_sslmode}).
 */
public enum ServerTlsMode {
    /** Plain text; no SSLRequest is sent. */
    DISABLE,
    /** TLS when the server accepts it, plain text when it answers {@code N}; the certificate is not checked. */
    PREFER,
    /** TLS or no connection; the certificate is not checked. */
    REQUIRE,
    /** TLS with a certificate signed by {@code server_tls.ca_file}. */
    VERIFY_CA,
    /** As {@link #VERIFY_CA}, and the certificate must name the host Sluice connected to. */
    VERIFY_FULL;

    public String configName() {
        return ConfigNames.of(this);
    }

    public static ServerTlsMode parse(String value) {
        return ConfigNames.parse(ServerTlsMode.class, value, "server TLS mode");
    }

    static String choices() {
        return ConfigNames.choices(ServerTlsMode.class);
    }
}
