package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * TLS between Sluice and PostgreSQL ({@code server_tls:}).
 *
 * @param mode whether Sluice asks for TLS and what it checks
 * @param caFile PEM certificates that sign PostgreSQL's; required for {@code verify-ca} and {@code verify-full}
 * @param certFile PEM client certificate Sluice presents (PostgreSQL {@code cert} authentication); optional
 * @param keyFile PEM private key of {@code certFile}
 * @param keyPassword passphrase of an encrypted {@code keyFile}; never shown by {@link #toString()}
 * @param protocols TLS versions offered
 * @param ciphers cipher suites offered; empty keeps the provider's secure defaults
 * @param provider which TLS implementation to use
 */
public record ServerTlsConfig(ServerTlsMode mode, Optional<String> caFile, Optional<String> certFile,
                              Optional<String> keyFile, Optional<String> keyPassword, List<String> protocols,
                              List<String> ciphers, TlsProvider provider) {

    /** TLS turned off, the default. */
    public static final ServerTlsConfig DISABLED = new ServerTlsConfig(ServerTlsMode.DISABLE, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of("TLSv1.2", "TLSv1.3"), List.of(),
            TlsProvider.AUTO);

    public ServerTlsConfig {
        requireNonNull(mode, "mode");
        requireNonNull(caFile, "caFile");
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
        requireNonNull(keyPassword, "keyPassword");
        protocols = List.copyOf(requireNonNull(protocols, "protocols"));
        ciphers = List.copyOf(requireNonNull(ciphers, "ciphers"));
        requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
        return "ServerTlsConfig[mode=" + mode.configName() + ", caFile=" + caFile + ", certFile=" + certFile
                + ", keyFile=" + keyFile + ", keyPassword=" + keyPassword.map(p -> "<hidden>") + ", protocols="
                + protocols + ", ciphers=" + ciphers + ", provider=" + provider.configName() + ']';
    }
}
