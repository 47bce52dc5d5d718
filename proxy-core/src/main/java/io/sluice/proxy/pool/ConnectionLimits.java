package io.sluice.proxy.pool;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps shared by pools: {@code pool.max_db_connections} servers per database over all its users, and
 * {@code pool.max_user_connections} per user over all databases (0 = no cap). Lock-free; a pool takes a slot here
 * before it opens a server and gives it back when the server is gone.
 */
public final class ConnectionLimits {

    private volatile int maxPerDatabase;
    private volatile int maxPerUser;
    private final ConcurrentMap<String, AtomicInteger> perDatabase = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> perUser = new ConcurrentHashMap<>();

    public ConnectionLimits(int maxPerDatabase, int maxPerUser) {
        this.maxPerDatabase = maxPerDatabase;
        this.maxPerUser = maxPerUser;
    }

    /** New caps from a reload; servers above a lowered cap close as they are released. */
    public void update(int maxPerDatabase, int maxPerUser) {
        this.maxPerDatabase = maxPerDatabase;
        this.maxPerUser = maxPerUser;
    }

    /** Servers open (or opening) for {@code database} over all its users. */
    public int openForDatabase(String database) {
        AtomicInteger count = perDatabase.get(database);
        return count == null ? 0 : count.get();
    }

    /** Servers open (or opening) for {@code user} over all databases. */
    public int openForUser(String user) {
        AtomicInteger count = perUser.get(user);
        return count == null ? 0 : count.get();
    }

    /** Takes one server slot for {@code key}, or returns false when its database or user is at its cap. */
    boolean tryAcquire(PoolKey key) {
        AtomicInteger database = perDatabase.computeIfAbsent(key.database(), k -> new AtomicInteger());
        if (!increment(database, maxPerDatabase)) {
            return false;
        }
        if (!increment(perUser.computeIfAbsent(key.user(), k -> new AtomicInteger()), maxPerUser)) {
            database.decrementAndGet();
            return false;
        }
        return true;
    }

    void release(PoolKey key) {
        perDatabase.get(key.database()).decrementAndGet();
        perUser.get(key.user()).decrementAndGet();
    }

    private static boolean increment(AtomicInteger counter, int max) {
        while (true) {
            int now = counter.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (counter.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
