package io.sluice.proxy.client;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.sluice.proxy.stats.PoolStats;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a client out when its channel closes: one listener per client, for every count its arrival went into.
 * It holds nothing of the login, so the login handler, its startup packet and its authenticator are garbage once
 * the client is in (three listeners that captured the handler kept them for the client's whole life).
 *
 * <p>Changed on the client's loop, read there when the channel closes.
 */
final class ClientDeparture implements ChannelFutureListener {

    private final AtomicInteger clients;
    private final AddressConnections addresses;
    /** Counted against {@code listen.max_client_conn_per_address} once admitted; null before. */
    private InetAddress address;
    /** The pool's counters once logged in to one; null before (and for the admin console). */
    private PoolStats pool;

    ClientDeparture(AtomicInteger clients, AddressConnections addresses) {
        this.clients = clients;
        this.addresses = addresses;
    }

    /** The client's address took a slot of {@code listen.max_client_conn_per_address}. */
    void admitted(InetAddress from) {
        this.address = from;
    }

    /** The client logged in to the pool counting through {@code stats}. */
    void loggedIn(PoolStats stats) {
        this.pool = stats;
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        clients.decrementAndGet();
        if (address != null) {
            addresses.closed(address);
        }
        if (pool != null) {
            pool.clientLeft();
        }
    }
}
