package io.sluice.proxy.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Cidr;
import io.sluice.config.HbaMethod;
import io.sluice.config.HbaRule;
import io.sluice.config.HbaTls;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

    private static final HbaRule ADMIN_LOCAL = rule(1, List.of("sluice", "pgbouncer"), List.of("admin"),
            "127.0.0.1/32", HbaTls.OPTIONAL, HbaMethod.SCRAM_SHA_256);
    private static final HbaRule ADMIN_ELSEWHERE = rule(2, List.of("sluice", "pgbouncer"), List.of(), null,
            HbaTls.OPTIONAL, HbaMethod.REJECT);
    private static final HbaRule APP_TLS = rule(3, List.of("app"), List.of("app", "batch"), "10.0.0.0/8",
            HbaTls.REQUIRED, HbaMethod.MD5);
    private static final HbaRule V6_TRUST = rule(4, List.of(), List.of("monitor"), "2001:db8::/32", HbaTls.OPTIONAL,
            HbaMethod.TRUST);
    private static final List<HbaRule> RULES = List.of(ADMIN_LOCAL, ADMIN_ELSEWHERE, APP_TLS, V6_TRUST);

    @Test
    void firstMatchingRuleWinsEvenWhenALaterOneWouldAllow() throws UnknownHostException {
        assertEquals(Optional.of(ADMIN_LOCAL), match("sluice", "admin", "127.0.0.1", false));
        // Same admin user from another address: the reject rule comes first.
        assertEquals(Optional.of(ADMIN_ELSEWHERE), match("pgbouncer", "admin", "10.1.2.3", true));
    }

    @Test
    void tlsRequiredRulesSkipPlainClients() throws UnknownHostException {
        assertEquals(Optional.of(APP_TLS), match("app", "batch", "10.9.9.9", true));
        assertEquals(Optional.empty(), match("app", "batch", "10.9.9.9", false));
    }

    @Test
    void databaseUserAndSourceMustAllMatch() throws UnknownHostException {
        assertEquals(Optional.empty(), match("app", "other", "10.0.0.1", true), "user not listed");
        assertEquals(Optional.empty(), match("app2", "app", "10.0.0.1", true), "database not listed");
        assertEquals(Optional.empty(), match("app", "app", "192.168.0.1", true), "source outside the range");
    }

    @Test
    void ipv6SourcesAndIpv4MappedAddresses() throws UnknownHostException {
        assertEquals(Optional.of(V6_TRUST), match("anything", "monitor", "2001:db8:1::9", false));
        assertEquals(Optional.empty(), match("anything", "monitor", "2001:db9::9", false));
        // ::ffff:10.0.0.5 arrives on dual-stack listeners; it is the IPv4 client 10.0.0.5.
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 5});
        assertEquals(Optional.of(APP_TLS), AccessRules.firstMatch(RULES, "app", "app", mapped, false, true));
    }

    @Test
    void clientWithoutAnAddressMatchesOnlyRulesForAllSources() {
        assertEquals(Optional.of(ADMIN_ELSEWHERE), AccessRules.firstMatch(RULES, "sluice", "admin", null, false,
                false));
        assertEquals(Optional.empty(), AccessRules.firstMatch(RULES, "app", "app", null, false, true));
    }

    @Test
    void localRulesMatchOnlyClientsOnTheUnixSocket() throws UnknownHostException {
        HbaRule local = new HbaRule(5, List.of(), List.of(), Optional.empty(), HbaTls.OPTIONAL, HbaMethod.TRUST,
                true);
        HbaRule everyone = rule(6, List.of(), List.of(), null, HbaTls.OPTIONAL, HbaMethod.SCRAM_SHA_256);
        List<HbaRule> rules = List.of(local, everyone);
        // A client on the socket has no address.
        assertEquals(Optional.of(local), AccessRules.firstMatch(rules, "app", "app", null, true, false));
        assertEquals(Optional.of(everyone), AccessRules.firstMatch(rules, "app", "app",
                InetAddress.getByName("127.0.0.1"), false, false), "a TCP client skips the local rule");
        assertEquals(Optional.of(everyone), AccessRules.firstMatch(rules, "app", "app", null, false, false),
                "a channel without an address is not on the socket");
        assertEquals(Optional.of(everyone), AccessRules.firstMatch(List.of(everyone), "app", "app", null, true,
                false), "source all takes socket clients too");
        HbaRule loopback = rule(7, List.of(), List.of(), "127.0.0.1", HbaTls.OPTIONAL, HbaMethod.TRUST);
        assertEquals(Optional.empty(), AccessRules.firstMatch(List.of(loopback), "app", "app", null, true, false),
                "address ranges never take socket clients");
    }

    @Test
    void noRulesMeansNoMatch() throws UnknownHostException {
        assertTrue(AccessRules.firstMatch(List.of(), "app", "app", InetAddress.getByName("127.0.0.1"), false, true)
                .isEmpty());
    }

    private static Optional<HbaRule> match(String database, String user, String address, boolean tls)
            throws UnknownHostException {
        return AccessRules.firstMatch(RULES, database, user, InetAddress.getByName(address), false, tls);
    }

    private static HbaRule rule(int line, List<String> databases, List<String> users, String source, HbaTls tls,
            HbaMethod method) {
        return new HbaRule(line, databases, users, Optional.ofNullable(source).map(Cidr::parse), tls, method);
    }
}
