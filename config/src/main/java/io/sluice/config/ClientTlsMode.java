package io.sluice.config;

/**
 * Whether clients may or must use TLS, with PgBouncer's {@code client_tls_sslmode} meanings.
 */
public enum ClientTlsMode {
    /** SSLRequest is answered {@code N}; direct TLS is refused. */
    DISABLE,
    /** TLS when the client asks for it, plain text otherwise. */
    ALLOW,
    /** The same as {@link #ALLOW} (the name mirrors the client's {@code sslmode}). */
    PREFER,
    /** Every client must use TLS; a plain one is refused with 28000. */
    REQUIRE,
    /** TLS with a client certificate signed by {@code client_tls.ca_file}. */
    VERIFY_CA,
    /** The same as {@link #VERIFY_CA}, as in PgBouncer. */
    VERIFY_FULL;

    public String configName() {
        return ConfigNames.of(this);
    }

    /** Whether TLS is offered at all. */
    public boolean enabled() {
        return this != DISABLE;
    }

    /** Whether a client in plain text is refused. */
    public boolean required() {
        return compareTo(REQUIRE) >= 0;
    }

    /** Whether clients must present a certificate signed by the configured CA. */
    public boolean verifiesClients() {
        return compareTo(VERIFY_CA) >= 0;
    }

    public static ClientTlsMode parse(String value) {
        return ConfigNames.parse(ClientTlsMode.class, value, "client TLS mode");
    }

    static String choices() {
        return ConfigNames.choices(ClientTlsMode.class);
    }
}
