package io.sluice.proxy.auth;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.sluice.config.DatabaseConfig;
import io.sluice.proxy.ProxyErrors;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Secrets fetched with {@code auth.query}, per lookup database and user, kept {@code auth.query_cache_ttl} (found)
 * or {@code auth.query_negative_cache_ttl} (no such user); failures are not kept. Logins of the same user while a
 * lookup is under way share it: one query, one answer for all.
 *
 * <p>Shared by every event loop: a concurrent map of entries whose futures complete once. A future returned here
 * always succeeds (failures are values) and may complete on another loop than the caller's.
 */
public final class AuthSecretCache {

    /** Fetches one secret; the future always succeeds, a failure is an {@link AuthLookup} value. */
    public interface Fetcher {
        Future<AuthLookup> fetch(EventLoop loop, DatabaseConfig database, String user);
    }

    private record Key(String database, String user) {
    }

    private static final class Entry {
        final Promise<AuthLookup> promise;
        /** Valid while the lookup is under way, and until this time (nanos) once it is done. */
        volatile long expiresAtNanos;

        Entry(Promise<AuthLookup> promise) {
            this.promise = promise;
        }

        boolean expired(long nowNanos) {
            return promise.isDone() && nowNanos - expiresAtNanos >= 0;
        }
    }

    private final Fetcher fetcher;
    private final long ttlNanos;
    private final long negativeTtlNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

    public AuthSecretCache(Fetcher fetcher, Duration ttl, Duration negativeTtl, LongSupplier nanoClock) {
        this.fetcher = fetcher;
        this.ttlNanos = ttl.toNanos();
        this.negativeTtlNanos = negativeTtl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The secret of {@code user} as {@code database}'s server knows it: cached, being fetched, or fetched now on loop. */
    public Future<AuthLookup> lookup(EventLoop loop, DatabaseConfig database, String user) {
        Key key = new Key(database.name(), user);
        long now = nanoClock.getAsLong();
        Entry[] created = new Entry[1];
        Entry entry = entries.compute(key, (k, existing) -> {
            if (existing != null && !existing.expired(now)) {
                return existing;
            }
            created[0] = new Entry(loop.newPromise());
            return created[0];
        });
        if (created[0] != null) {
            start(key, created[0], loop, database, user);
        }
        return entry.promise;
    }

    private void start(Key key, Entry entry, EventLoop loop, DatabaseConfig database, String user) {
        Future<AuthLookup> fetch;
        try {
            fetch = fetcher.fetch(loop, database, user);
        } catch (RuntimeException e) {
            fetch = loop.newSucceededFuture(AuthLookup.failed(ProxyErrors.authQueryLost(user, e.toString())));
        }
        fetch.addListener(f -> {
            AuthLookup lookup = f.isSuccess() ? (AuthLookup) f.getNow()
                    : AuthLookup.failed(ProxyErrors.authQueryLost(user, String.valueOf(f.cause())));
            long keep = lookup.failure() != null ? 0 : lookup.isNoSuchUser() ? negativeTtlNanos : ttlNanos;
            entry.expiresAtNanos = nanoClock.getAsLong() + keep;
            if (keep == 0) {
                entries.remove(key, entry);
            }
            entry.promise.trySuccess(lookup);
        });
    }

    /**
     * Forgets what is known of {@code user} in every lookup database: PostgreSQL refused the secret (the password
     * changed), so the next login fetches it again. A lookup under way still answers the logins waiting for it.
     */
    public void evict(String user) {
        entries.keySet().removeIf(key -> key.user().equals(user));
    }

    /** Drops expired entries, so that logins of many unknown users do not grow the map for ever. */
    public void purgeExpired() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> entry.expired(now));
    }

    /** Entries held, for tests. */
    int size() {
        return entries.size();
    }
}
