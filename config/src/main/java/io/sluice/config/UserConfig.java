package io.sluice.config;

import static java.util.Objects.requireNonNull;

/**
 * A user allowed to connect through Sluice.
 *
 * @param name the user name clients log in with
 * @param password {@code @Nullable}: plain text, an md5 hash ({@code md5} + 32 hex digits) or a SCRAM
 *        verifier ({@code SCRAM-SHA-256$...}); {@code null} only when {@code auth.type} is {@code trust}.
 *        Never shown by {@link #toString()}.
 */
public record UserConfig(String name, String password) {

    public UserConfig {
        requireNonNull(name, "name");
    }

    /** Like the record's, with the password masked. */
    @Override
    public String toString() {
        return "UserConfig[name=" + name + ", password=" + (password == null ? "none" : "<hidden>") + ']';
    }
}
