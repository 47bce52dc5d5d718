package io.sluice.proxy.cancel;

import io.sluice.protocol.frontend.CancelRequest;
import io.sluice.proxy.server.ServerConnection;
import io.sluice.proxy.stats.ProxyStats;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Maps the keys Sluice hands to clients to the clients themselves, so that a {@code CancelRequest} (which arrives
 * on a new connection) reaches the server running that client's request, with that server's real key, and no
 * other. A cancel for a client holding no server does nothing, as in PostgreSQL.
 */
public final class CancelRegistry {

    private static final System.Logger LOG = System.getLogger(CancelRegistry.class.getName());

    private final ConcurrentMap<CancelKey, Cancellable> clients = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final ProxyStats stats;

    public CancelRegistry(SecureRandom random) {
        this(random, new ProxyStats());
    }

    /** @param stats where the outcome of each cancel request is counted */
    public CancelRegistry(SecureRandom random, ProxyStats stats) {
        this.random = random;
        this.stats = stats;
    }

    /** A fresh, unguessable key for {@code client}. */
    public CancelKey register(Cancellable client) {
        while (true) {
            CancelKey key = new CancelKey(random.nextInt() & Integer.MAX_VALUE, random.nextInt());
            if (clients.putIfAbsent(key, client) == null) {
                return key;
            }
        }
    }

    public void unregister(CancelKey key) {
        clients.remove(key);
    }

    public void cancel(CancelRequest request) {
        Cancellable client = clients.get(new CancelKey(request.processId(), request.secretKey()));
        if (client == null) {
            stats.cancel(ProxyStats.CancelOutcome.UNKNOWN_KEY);
            LOG.log(Level.DEBUG, "cancel request with an unknown key ignored");
            return;
        }
        ServerConnection server = client.cancelTarget();
        if (server == null) {
            stats.cancel(ProxyStats.CancelOutcome.IDLE);
            return;
        }
        // Checked on the server's loop: in transaction mode the server may have gone back to its pool, and another
        // client's query on it must not be cancelled.
        server.eventLoop().execute(() -> {
            if (server.isServing(client)) {
                stats.cancel(ProxyStats.CancelOutcome.FORWARDED);
                server.cancel();
            } else {
                stats.cancel(ProxyStats.CancelOutcome.IDLE);
            }
        });
    }
}
