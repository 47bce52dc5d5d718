package io.sluice.proxy.client;

import io.sluice.config.AuthConfig;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per source address, and the backoff they earn ({@code auth.failure_backoff_*}): from the
 * {@code after}-th failure within {@code window} on, each failure blocks the address for a backoff that starts at
 * {@code first} and doubles with each further failure, up to {@code max}. While blocked, the address's new logins are
 * refused and the answer to its failed login is held back (by a scheduled task, never by blocking an event loop).
 * An address is forgotten once it has had no failure for {@code window} and its backoff has passed.
 *
 * <p>A successful login does not reset the count: otherwise whoever holds one valid account could clear it between
 * guesses at another. Shared by every event loop; each update is one atomic map operation.
 */
public final class FailedLogins {

    private static final System.Logger LOG = System.getLogger(FailedLogins.class.getName());

    /** Addresses kept before expired ones are swept out on the next failure. */
    private static final int SWEEP_ABOVE = 10_000;

    private final AuthConfig.FailureBackoff settings;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetAddress, Entry> byAddress = new ConcurrentHashMap<>();

    /** One address's failures so far; replaced, never changed, so readers need no lock. */
    private record Entry(int failures, long lastFailure, long blockedUntil) {
    }

    public FailedLogins(AuthConfig.FailureBackoff settings) {
        this(settings, System::nanoTime);
    }

    FailedLogins(AuthConfig.FailureBackoff settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** How long {@code address} must still wait before it may try to log in; zero when it may now. */
    public Duration remaining(InetAddress address) {
        if (!settings.enabled() || address == null) {
            return Duration.ZERO;
        }
        Entry entry = byAddress.get(address);
        if (entry == null) {
            return Duration.ZERO;
        }
        long left = entry.blockedUntil() - nanoTime.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /**
     * Records a failed login from {@code address}.
     *
     * @return how long to hold back the answer: the backoff it earned, or zero below the threshold
     */
    public Duration failed(InetAddress address) {
        if (!settings.enabled() || address == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        if (byAddress.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        long[] backoff = {0};
        int[] failures = {0};
        byAddress.compute(address, (a, entry) -> {
            boolean fresh = entry == null || expired(entry, now);
            int count = fresh ? 1 : entry.failures() + 1;
            long blockedUntil = fresh ? now : entry.blockedUntil();
            if (count >= settings.after()) {
                backoff[0] = backoffNanos(count - settings.after());
                blockedUntil = Math.max(blockedUntil, now + backoff[0]);
            }
            failures[0] = count;
            return new Entry(count, now, blockedUntil);
        });
        if (backoff[0] > 0) {
            LOG.log(Level.WARNING, "{0} failed logins from {1} within auth.failure_window ({2} s): its logins are"
                    + " refused for {3} ms (auth.failure_backoff_after: {4})", failures[0], address.getHostAddress(),
                    settings.window().toSeconds(), backoff[0] / 1_000_000, settings.after());
        }
        return Duration.ofNanos(backoff[0]);
    }

    /** Addresses remembered now (for tests and metrics). */
    int size() {
        return byAddress.size();
    }

    private long backoffNanos(int doublings) {
        long max = settings.max().toNanos();
        long backoff = settings.first().toNanos();
        for (int i = 0; i < Math.min(doublings, 62) && backoff < max; i++) {
            backoff = backoff > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : backoff * 2;
        }
        return Math.min(backoff, max);
    }

    private boolean expired(Entry e, long now) {
        return now - e.lastFailure() > settings.window().toNanos() && now - e.blockedUntil() >= 0;
    }

    private void sweep(long now) {
        byAddress.values().removeIf(e -> expired(e, now));
    }
}
