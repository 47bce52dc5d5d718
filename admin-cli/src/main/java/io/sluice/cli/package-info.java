/**
 * The {@code sluice} command: {@code run}, {@code demo}, {@code check-config}, {@code scram-secret}, and
 * {@code admin} and {@code top}, which talk to a running Sluice's admin console.
 *
 * <p>Each subcommand writes through the streams of its picocli {@code CommandSpec} (never {@code System.out}
 * directly), so tests can run it with {@code CommandLine.execute} and read what it printed. Exit codes: 0 success,
 * 1 runtime failure (or an error the admin console answered), 2 usage or configuration error, 3 no session with the
 * admin console. Parameters and return values are non-null unless a method's Javadoc says otherwise.
 */
package io.sluice.cli;
