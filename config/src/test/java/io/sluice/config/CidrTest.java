package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4RangeContainsItsAddressesOnly() throws UnknownHostException {
        Cidr range = Cidr.parse("10.1.0.0/16");
        assertTrue(range.contains(ip("10.1.0.0")));
        assertTrue(range.contains(ip("10.1.255.255")));
        assertFalse(range.contains(ip("10.2.0.1")));
        assertFalse(range.contains(ip("::1")), "an IPv4 range never matches an IPv6 address");
    }

    @Test
    void prefixNotOnAByteBoundary() throws UnknownHostException {
        Cidr range = Cidr.parse("192.168.1.128/25");
        assertTrue(range.contains(ip("192.168.1.200")));
        assertFalse(range.contains(ip("192.168.1.127")));
        // Host bits written in the network part are cleared, as PostgreSQL does.
        assertTrue(Cidr.parse("192.168.1.200/25").contains(ip("192.168.1.129")));
    }

    @Test
    void singleAddressesAndZeroPrefix() throws UnknownHostException {
        assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")));
        assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
        assertEquals(32, Cidr.parse("127.0.0.1").prefix());
        assertEquals(128, Cidr.parse("::1").prefix());
    }

    @Test
    void ipv6Range() throws UnknownHostException {
        Cidr range = Cidr.parse("2001:db8::/32");
        assertTrue(range.contains(ip("2001:db8:ffff::7")));
        assertFalse(range.contains(ip("2001:db9::1")));
        assertFalse(range.contains(ip("10.0.0.1")));
        assertTrue(Cidr.parse("::1/128").contains(ip("::1")));
    }

    @Test
    void malformedRangesAreRefusedWithoutLookingNamesUp() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "::1/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/x",
                "300.1.1.1", "db.example.com/24", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
