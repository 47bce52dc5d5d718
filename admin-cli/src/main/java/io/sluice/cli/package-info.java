/**
 * The {@code sluice} command: {@code run}, {@code demo}, {@code check-config} and {@code scram-secret}.
 *
 * <p>Each subcommand writes through the streams of its picocli {@code CommandSpec} (never {@code System.out}
 * directly), so tests can run it with {@code CommandLine.execute} and read what it printed. Exit codes: 0 success,
 * 1 runtime failure, 2 usage or configuration error. Parameters and return values are non-null unless a method's
 * Javadoc says otherwise.
 */
package io.sluice.cli;
