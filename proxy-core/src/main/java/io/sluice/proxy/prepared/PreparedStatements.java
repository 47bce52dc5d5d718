package io.sluice.proxy.prepared;

/**
 * What a client brings to a server when prepared statements are tracked (transaction and statement modes with
 * {@code pool.max_prepared_statements} above 0): its own names, the shared registry, and the per-server maximum.
 */
public record PreparedStatements(ClientStatements client, StatementRegistry registry, int maxPerServer) {
}
