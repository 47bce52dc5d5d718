package io.sluice.proxy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.sluice.config.DatabaseConfig;
import io.sluice.protocol.SqlState;
import io.sluice.proxy.ProxyErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lookup cache: shared lookups, TTLs for found and unknown users, no caching of failures, eviction. */
class AuthSecretCacheTest {

    private static final DatabaseConfig APP = database("app");
    private static final DatabaseConfig OTHER = database("other");
    private static final String VERIFIER = "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5";

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();
    private final List<Fetch> fetches = new ArrayList<>();
    private long now = 1_000;
    private final AuthSecretCache cache = new AuthSecretCache(this::fetch, Duration.ofSeconds(60),
            Duration.ofSeconds(5), () -> now);

    private record Fetch(String database, String user, Promise<AuthLookup> promise) {
    }

    private Future<AuthLookup> fetch(EventLoop on, DatabaseConfig database, String user) {
        Promise<AuthLookup> promise = on.newPromise();
        fetches.add(new Fetch(database.name(), user, promise));
        return promise;
    }

    @AfterEach
    void finish() {
        assertFalse(channel.finish());
    }

    @Test
    void concurrentLoginsOfOneUserShareOneLookup() {
        Future<AuthLookup> first = cache.lookup(loop, APP, "alice");
        Future<AuthLookup> second = cache.lookup(loop, APP, "alice");
        assertSame(first, second);
        assertEquals(1, fetches.size());
        assertFalse(first.isDone());

        fetches.get(0).promise().setSuccess(AuthLookup.found(VERIFIER));
        assertEquals(VERIFIER, first.getNow().secret());
        assertEquals(VERIFIER, second.getNow().secret());
    }

    @Test
    void aFoundSecretIsReusedUntilItsTtlThenFetchedAgain() {
        cache.lookup(loop, APP, "alice");
        fetches.get(0).promise().setSuccess(AuthLookup.found(VERIFIER));

        now += Duration.ofSeconds(59).toNanos();
        assertEquals(VERIFIER, cache.lookup(loop, APP, "alice").getNow().secret());
        assertEquals(1, fetches.size(), "within auth.query_cache_ttl: no new lookup");

        now += Duration.ofSeconds(1).toNanos();
        Future<AuthLookup> again = cache.lookup(loop, APP, "alice");
        assertEquals(2, fetches.size(), "past auth.query_cache_ttl: fetched again");
        assertFalse(again.isDone());
        fetches.get(1).promise().setSuccess(AuthLookup.found("md5" + "0".repeat(32)));
        assertEquals("md5" + "0".repeat(32), again.getNow().secret());
    }

    @Test
    void anUnknownUserIsRememberedForTheShorterNegativeTtl() {
        cache.lookup(loop, APP, "mallory");
        fetches.get(0).promise().setSuccess(AuthLookup.noSuchUser());

        now += Duration.ofSeconds(4).toNanos();
        assertTrue(cache.lookup(loop, APP, "mallory").getNow().isNoSuchUser());
        assertEquals(1, fetches.size());

        now += Duration.ofSeconds(1).toNanos();
        cache.lookup(loop, APP, "mallory");
        assertEquals(2, fetches.size());
        fetches.get(1).promise().setSuccess(AuthLookup.noSuchUser());
    }

    @Test
    void aFailureAnswersTheWaitingLoginsButIsNotRemembered() {
        Future<AuthLookup> first = cache.lookup(loop, APP, "alice");
        Future<AuthLookup> waiting = cache.lookup(loop, APP, "alice");
        fetches.get(0).promise().setSuccess(AuthLookup.failed(ProxyErrors.authQueryLost("alice", "down")));

        assertEquals(SqlState.CONNECTION_FAILURE, first.getNow().failure().sqlState());
        assertSame(first.getNow(), waiting.getNow());
        assertEquals(0, cache.size());
        cache.lookup(loop, APP, "alice");
        assertEquals(2, fetches.size(), "the next login tries again at once");
        fetches.get(1).promise().setSuccess(AuthLookup.found(VERIFIER));
    }

    @Test
    void aFetcherThatThrowsOrFailsGivesAFailedLookupNotAHang() {
        AuthSecretCache throwing = new AuthSecretCache((on, db, user) -> {
            throw new IllegalStateException("boom");
        }, Duration.ofSeconds(60), Duration.ofSeconds(5), () -> now);
        AuthLookup lookup = throwing.lookup(loop, APP, "alice").getNow();
        assertEquals(SqlState.CONNECTION_FAILURE, lookup.failure().sqlState());

        Future<AuthLookup> failed = cache.lookup(loop, APP, "bob");
        fetches.get(0).promise().setFailure(new IllegalStateException("boom"));
        assertEquals(SqlState.CONNECTION_FAILURE, failed.getNow().failure().sqlState());
        assertNull(failed.getNow().secret());
    }

    @Test
    void eachLookupDatabaseHasItsOwnEntryAndEvictionForgetsTheUserInAll() {
        cache.lookup(loop, APP, "alice");
        cache.lookup(loop, OTHER, "alice");
        cache.lookup(loop, APP, "bob");
        assertEquals(3, fetches.size());
        fetches.forEach(f -> f.promise().setSuccess(AuthLookup.found(VERIFIER)));

        cache.evict("alice");
        assertEquals(1, cache.size());
        cache.lookup(loop, APP, "bob");
        assertEquals(3, fetches.size(), "bob is still cached");
        cache.lookup(loop, APP, "alice");
        assertEquals(4, fetches.size(), "alice is fetched again");
        assertEquals("alice", fetches.get(3).user());
        fetches.get(3).promise().setSuccess(AuthLookup.found(VERIFIER));
    }

    @Test
    void zeroTtlFetchesOnEveryLoginYetSharesALookupUnderWay() {
        AuthSecretCache uncached = new AuthSecretCache(this::fetch, Duration.ZERO, Duration.ZERO, () -> now);
        Future<AuthLookup> first = uncached.lookup(loop, APP, "alice");
        assertSame(first, uncached.lookup(loop, APP, "alice"));
        fetches.get(0).promise().setSuccess(AuthLookup.found(VERIFIER));
        assertEquals(0, uncached.size());
        uncached.lookup(loop, APP, "alice");
        assertEquals(2, fetches.size());
        fetches.get(1).promise().setSuccess(AuthLookup.found(VERIFIER));
    }

    @Test
    void purgeDropsOnlyExpiredEntries() {
        cache.lookup(loop, APP, "alice");
        cache.lookup(loop, APP, "mallory");
        cache.lookup(loop, APP, "pending");
        fetches.get(0).promise().setSuccess(AuthLookup.found(VERIFIER));
        fetches.get(1).promise().setSuccess(AuthLookup.noSuchUser());

        now += Duration.ofSeconds(10).toNanos();
        cache.purgeExpired();
        assertEquals(2, cache.size(), "mallory's negative entry expired; alice's and the pending one stay");
        fetches.get(2).promise().setSuccess(AuthLookup.noSuchUser());
    }

    @Test
    void lookupsNeverShowTheSecret() {
        assertFalse(AuthLookup.found(VERIFIER).toString().contains("SCRAM"));
    }

    private static DatabaseConfig database(String name) {
        return new DatabaseConfig(name, "127.0.0.1", 5432, name, OptionalInt.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
