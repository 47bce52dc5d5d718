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
 * @param source client addresses the rule applies to; empty means {@code all}
 * @param tls whether only TLS clients match
 * @param method what is asked of matching clients
 */
public record HbaRule(int line, List<String> databases, List<String> users, Optional<Cidr> source, HbaTls tls,
                      HbaMethod method) {

    public HbaRule {
        databases = List.copyOf(requireNonNull(databases, "databases"));
        users = List.copyOf(requireNonNull(users, "users"));
        requireNonNull(source, "source");
        requireNonNull(tls, "tls");
        requireNonNull(method, "method");
    }

    /** The rule as it reads in messages: {@code rule on line 12 (database all, user app, source 10.0.0.0/8)}. */
    public String describe() {
        return "rule on line " + line + " (database " + names(databases) + ", user " + names(users) + ", source "
                + source.map(Cidr::text).orElse("all") + ", tls " + tls.configName() + ", method "
                + method.configName() + ')';
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "all" : String.join(",", names);
    }
}
