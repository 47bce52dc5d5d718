package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An address range written as {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address ({@code 192.0.2.7},
 * {@code ::1}). Only literal addresses are accepted, so parsing never looks a name up.
 *
 * @param text the range as written
 * @param network the network address, with the bits past the prefix cleared
 * @param prefix the number of leading bits that must match
 */
public record Cidr(String text, byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        requireNonNull(text, "text");
        network = requireNonNull(network, "network").clone();
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0.." + network.length * 8 + ')');
        }
    }

    /**
     * Parses a range.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address, text);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > prefix) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "' (expected: 0.." + prefix
                        + ')');
            }
            prefix = Integer.parseInt(bits);
        }
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Cidr(text, bytes, prefix);
    }

    private static byte[] literal(String address, String text) {
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !IPV6.matcher(address).matches()) {
            throw new IllegalArgumentException("expected an IP address or range such as 10.0.0.0/8 or ::1/128,"
                    + " got '" + text + "'");
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (v4 != (bytes.length == 4)) {
                throw new IllegalArgumentException("expected an IP address or range, got '" + text + "'");
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
        }
    }

    /** The network address bytes (a copy). */
    @Override
    public byte[] network() {
        return network.clone();
    }

    /** Whether {@code address} lies in this range; an IPv4 range never matches an IPv6 address, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & 0xff);
    }

    /** Whether this is an IPv4 range. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
