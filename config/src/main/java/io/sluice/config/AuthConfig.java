package io.sluice.config;

import static java.util.Objects.requireNonNull;

/**
 * How clients authenticate to Sluice.
 *
 * @param type the method asked of every client
 */
public record AuthConfig(AuthType type) {

    public AuthConfig {
        requireNonNull(type, "type");
    }
}
