package io.sluice.proxy.auth;

import static java.util.Objects.requireNonNull;

import io.sluice.protocol.backend.ErrorResponse;

/**
 * The outcome of looking a user's secret up with {@code auth.query}: the secret, no such user, or a failure to
 * tell the client.
 *
 * @param secret {@code @Nullable}: what the query returned (a SCRAM verifier or an md5 hash, if PostgreSQL is sane);
 *     {@code null} when there is no such user, or it has no password
 * @param failure {@code @Nullable}: why the lookup could not be done, as the client is told
 */
public record AuthLookup(String secret, ErrorResponse failure) {

    public AuthLookup {
        if (secret != null && failure != null) {
            throw new IllegalArgumentException("a lookup either found a secret or failed, not both");
        }
    }

    static AuthLookup found(String secret) {
        return new AuthLookup(requireNonNull(secret, "secret"), null);
    }

    static AuthLookup noSuchUser() {
        return new AuthLookup(null, null);
    }

    static AuthLookup failed(ErrorResponse failure) {
        return new AuthLookup(null, requireNonNull(failure, "failure"));
    }

    /** Whether the lookup was done and found no usable user. */
    public boolean isNoSuchUser() {
        return secret == null && failure == null;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return secret != null ? "AuthLookup[found]" : failure != null ? "AuthLookup[failed: " + failure.message() + "]"
                : "AuthLookup[no such user]";
    }
}
