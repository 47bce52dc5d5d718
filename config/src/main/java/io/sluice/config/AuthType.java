package io.sluice.config;

/** How clients prove who they are to Sluice (PgBouncer's {@code auth_type}). */
public enum AuthType {
    /** No password asked; any configured user name is accepted. */
    TRUST,
    /** PostgreSQL's MD5 challenge; the stored password is plain text or an md5 hash. */
    MD5,
    /** SCRAM-SHA-256 (RFC 7677); the stored password is plain text or a SCRAM verifier. */
    SCRAM_SHA_256;

    /** The name used in the configuration file, e.g. {@code scram-sha-256}. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static AuthType parse(String value) {
        return ConfigNames.parse(AuthType.class, value, "auth type");
    }

    /** The accepted names, comma-separated, in declaration order. */
    static String choices() {
        return ConfigNames.choices(AuthType.class);
    }
}
