package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One access rule of the {@code hba:} list, read like a line of PostgreSQL's {@code pg_hba.conf}.
 *
 * @param line the rule's line in the configuration file, for messages
 * @param databases database names the rule applies to; empty means {@code all}
 * @param users user names the rule applies to; empty means {@code all}
 * @param source TCP client addresses the rule applies to; empty means {@code all} (or {@code local})
 * @param tls whether only TLS clients match
 * @param method what is asked of matching clients
 * @param local the rule applies only to clients on the Unix-domain socket ({@code source: local}); then
 *     {@code source} is empty
 */
public record HbaRule(int line, List<String> databases, List<String> users, Optional<Cidr> source, HbaTls tls,
                      HbaMethod method, boolean local) {

    /** How {@code source} names the clients on the Unix-domain socket. */
    public static final String LOCAL = "local";

    public HbaRule {
        databases = List.copyOf(requireNonNull(databases, "databases"));
        users = List.copyOf(requireNonNull(users, "users"));
        requireNonNull(source, "source");
        requireNonNull(tls, "tls");
        requireNonNull(method, "method");
        if (local && source.isPresent()) {
            throw new IllegalArgumentException("a local rule has no address range");
        }
    }

    /** A rule for TCP clients in {@code source} (or every client when it is empty). */
    public HbaRule(int line, List<String> databases, List<String> users, Optional<Cidr> source, HbaTls tls,
            HbaMethod method) {
        this(line, databases, users, source, tls, method, false);
    }

    /** The rule as it reads in messages: {@code rule on line 12 (database all, user app, source 10.0.0.0/8)}. */
    public String describe() {
        return "rule on line " + line + " (database " + names(databases) + ", user " + names(users) + ", source "
                + source.map(Cidr::text).orElse(local ? LOCAL : "all") + ", tls " + tls.configName() + ", method "
                + method.configName() + ')';
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "all" : String.join(",", names);
    }
}
