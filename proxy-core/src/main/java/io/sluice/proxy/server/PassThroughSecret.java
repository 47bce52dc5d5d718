package io.sluice.proxy.server;

import io.sluice.protocol.auth.ScramKeys;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one pool logs into PostgreSQL with when its user's secret came from {@code auth.query}: the SCRAM keys
 * recovered from the last successful client login of that user (SCRAM pass-through), or the md5 hash PostgreSQL
 * stores (md5 pass-through). Never a plain password: Sluice does not know it.
 *
 * <p>Empty until a client of the user has logged in, so such a pool can open servers only after that. When
 * PostgreSQL refuses the secret (the password changed), {@link #rejected} forgets it and runs the callback that
 * evicts the user's cached lookup, so the next client login fetches the new secret.
 *
 * <p>Shared by every event loop: a lock-free reference to an immutable value.
 */
public final class PassThroughSecret {

    /** One of the two is set. */
    public record Secret(ScramKeys scramKeys, String md5Hash) {
        public Secret {
            if ((scramKeys == null) == (md5Hash == null)) {
                throw new IllegalArgumentException("exactly one of scramKeys and md5Hash must be set");
            }
        }

        @Override
        public String toString() {
            return scramKeys != null ? "SCRAM keys" : "md5 hash";
        }
    }

    private final AtomicReference<Secret> current = new AtomicReference<>();
    private final Runnable onRejected;

    /** @param onRejected runs once each time PostgreSQL refuses the current secret */
    public PassThroughSecret(Runnable onRejected) {
        this.onRejected = Objects.requireNonNull(onRejected, "onRejected");
    }

    /** The secret to log in with, or {@code null} when no client of the user has logged in since the last refusal. */
    public Secret current() {
        return current.get();
    }

    /**
     * A client logged in with {@code secret}.
     *
     * @return whether it differs from the one held (the first, or a new password): the pool may retry at once
     */
    public boolean offer(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        while (true) {
            Secret previous = current.get();
            if (secret.equals(previous)) {
                // Keep the instance held: a login under way may be about to report it refused (by identity).
                return false;
            }
            if (current.compareAndSet(previous, secret)) {
                return true;
            }
        }
    }

    /** PostgreSQL refused {@code used}; forgets it unless a newer one came meanwhile. */
    public void rejected(Secret used) {
        if (current.compareAndSet(used, null)) {
            onRejected.run();
        }
    }
}
