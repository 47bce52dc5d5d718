package io.sluice.proxy.client;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open client connections per source address, for {@code listen.max_client_conn_per_address}. Shared by every
 * event loop; each update is one atomic map operation. With no limit it keeps nothing.
 */
public final class AddressConnections {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections one address may hold; 0 for no limit */
    public AddressConnections(int max) {
        this.max = max;
    }

    /** The limit; 0 for none. */
    public int max() {
        return max;
    }

    /**
     * Counts a new connection from {@code address}, unless the address already holds the most it may.
     *
     * @return false when refused (and then not counted)
     */
    public boolean tryOpen(InetAddress address) {
        if (max == 0 || address == null) {
            return true;
        }
        boolean[] counted = {false};
        open.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            counted[0] = true;
            return now + 1;
        });
        return counted[0];
    }

    /** A connection counted by {@link #tryOpen} has closed. */
    public void closed(InetAddress address) {
        if (max == 0 || address == null) {
            return;
        }
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections {@code address} holds now. */
    public int count(InetAddress address) {
        return open.getOrDefault(address, 0);
    }
}
