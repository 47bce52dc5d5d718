package io.sluice.proxy.pool;

import io.sluice.proxy.server.ServerConnection;
import java.util.Collection;

/**
 * What a pool holds at one moment, read under its lock.
 *
 * @param slots servers opened or being opened (logging in, idle, active, resetting)
 * @param idle servers in the idle list, ready for a client
 * @param idleUnchecked idle servers past {@code server_check_delay}, which run {@code server_check_query} before
 *     serving (PgBouncer {@code sv_used}); also counted in {@code idle}
 * @param waiting clients queued for a server
 * @param maxWaitNanos how long the longest-waiting client has waited, 0 when none waits
 * @param size the pool's size
 * @param failing the last attempt to connect to PostgreSQL failed (within {@code server_login_retry})
 */
public record PoolOccupancy(int slots, int idle, int idleUnchecked, int waiting, long maxWaitNanos, int size,
                            boolean failing) {

    static PoolOccupancy of(int slots, Collection<ServerConnection> idle, int waiting, long maxWaitNanos,
            PoolSettings settings, boolean failing, long nowNanos) {
        int unchecked = 0;
        if (!settings.serverCheckQuery().isEmpty()) {
            long delay = settings.serverCheckDelay().toNanos();
            for (ServerConnection server : idle) {
                if (nowNanos - server.idleSinceNanos() >= delay) {
                    unchecked++;
                }
            }
        }
        return new PoolOccupancy(slots, idle.size(), unchecked, waiting, maxWaitNanos, settings.size(), failing);
    }
}
