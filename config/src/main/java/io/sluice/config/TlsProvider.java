package io.sluice.config;

/** Which TLS implementation Sluice uses. */
public enum TlsProvider {
    /** BoringSSL (netty-tcnative) where its native library loads, the JDK's otherwise. */
    AUTO,
    /** BoringSSL through netty-tcnative; startup fails where it cannot load. */
    OPENSSL,
    /** The JDK's own TLS (JSSE). */
    JDK;

    public String configName() {
        return ConfigNames.of(this);
    }

    public static TlsProvider parse(String value) {
        return ConfigNames.parse(TlsProvider.class, value, "TLS provider");
    }

    static String choices() {
        return ConfigNames.choices(TlsProvider.class);
    }
}
