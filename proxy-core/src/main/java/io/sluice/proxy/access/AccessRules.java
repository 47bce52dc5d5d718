package io.sluice.proxy.access;

import io.sluice.config.HbaRule;
import io.sluice.config.HbaTls;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides which access rule ({@code hba:}) applies to a client, as PostgreSQL reads {@code pg_hba.conf}: rules in
 * order, the first whose database, user, source and TLS requirement all match decides. Pure: no I/O, no state.
 */
public final class AccessRules {

    private AccessRules() {
    }

    /**
     * The first rule that matches, if any.
     *
     * @param address the client's address; {@code null} when it has none (then only rules with source {@code all}
     *     match, and {@code local} ones when the client is on the socket)
     * @param local whether the client is on the Unix-domain socket ({@code listen.unix_socket_dir})
     * @param tls whether the client is connected with TLS
     */
    public static Optional<HbaRule> firstMatch(List<HbaRule> rules, String database, String user,
            InetAddress address, boolean local, boolean tls) {
        InetAddress normalised = normalise(address);
        for (HbaRule rule : rules) {
            if (matches(rule, database, user, normalised, local, tls)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    static boolean matches(HbaRule rule, String database, String user, InetAddress address, boolean local,
            boolean tls) {
        if (rule.tls() == HbaTls.REQUIRED && !tls) {
            return false;
        }
        if (!rule.databases().isEmpty() && !rule.databases().contains(database)) {
            return false;
        }
        if (!rule.users().isEmpty() && !rule.users().contains(user)) {
            return false;
        }
        if (rule.local()) {
            return local;
        }
        return rule.source().isEmpty() || !local && address != null && rule.source().get().contains(address);
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}, from a dual-stack listener) as the IPv4 one. */
    private static InetAddress normalise(InetAddress address) {
        if (address == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + address.getAddress().length, e);
        }
    }
}
