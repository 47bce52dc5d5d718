/**
 * Sluice's configuration: YAML in, immutable records out.
 *
 * <p>{@link io.sluice.config.ConfigLoader} reads YAML with snakeyaml's safe node API (every node keeps its
 * line), substitutes {@code ${VAR}} / {@code ${VAR:-default}} in scalar values, binds the values to records
 * and validates them, collecting every {@link io.sluice.config.ConfigProblem} before failing once with a
 * {@link io.sluice.config.ConfigException}. Every setting is declared once in
 * {@link io.sluice.config.Settings}; parsing, defaults and {@code docs/settings.md} derive from that table.
 *
 * <p>No Netty here. Parameters and return values are non-null unless a Javadoc says {@code @Nullable}.
 */
package io.sluice.config;
