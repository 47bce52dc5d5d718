package io.sluice.proxy.stats;

/** The timeouts Sluice enforces, each named after the setting that governs it (the label metrics carry). */
public enum Timeout {
    /** A client waited longer than {@code pool.query_wait_timeout} for a server. */
    QUERY_WAIT("query_wait_timeout"),
    /** A transaction sat idle longer than {@code pool.idle_transaction_timeout}. */
    IDLE_TRANSACTION("idle_transaction_timeout"),
    /** A request ran longer than {@code pool.query_timeout}. */
    QUERY("query_timeout"),
    /** A client without a transaction was silent longer than {@code pool.client_idle_timeout}. */
    CLIENT_IDLE("client_idle_timeout"),
    /** A client did not finish logging in within {@code listen.client_login_timeout}. */
    CLIENT_LOGIN("client_login_timeout"),
    /** Connecting and logging into PostgreSQL took longer than {@code pool.server_connect_timeout}. */
    SERVER_CONNECT("server_connect_timeout");

    private final String setting;

    Timeout(String setting) {
        this.setting = setting;
    }

    /** The setting's name, as a metric label value. */
    public String setting() {
        return setting;
    }
}
