package io.sluice.config;

/** When a server connection goes back to its pool (PgBouncer's {@code pool_mode}). */
public enum PoolMode {
    /** At client disconnect, after {@code pool.server_reset_query}. */
    SESSION,
    /** When a transaction ends with nothing in flight and nothing pinning the client to its server. */
    TRANSACTION,
    /** After every statement; multi-statement transactions are refused. */
    STATEMENT;

    /** The name used in the configuration file, e.g. {@code session}. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static PoolMode parse(String value) {
        return ConfigNames.parse(PoolMode.class, value, "pool mode");
    }

    /** The accepted names, comma-separated, in declaration order. */
    static String choices() {
        return ConfigNames.choices(PoolMode.class);
    }
}
