package io.sluice.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * TLS between clients and Sluice ({@code client_tls:}).
 *
 * @param mode whether clients may or must use TLS
 * @param certFile PEM certificate chain Sluice presents; required unless {@code mode} is {@code disable}
 * @param keyFile PEM private key (PKCS#8) of {@code certFile}
 * @param keyPassword passphrase of an encrypted {@code keyFile}; never shown by {@link #toString()}
 * @param caFile PEM certificates that sign client certificates; required for {@code verify-ca} and
 *     {@code verify-full}, and when present with a weaker mode, client certificates are asked for but optional
 * @param protocols TLS versions offered, e.g. {@code TLSv1.2, TLSv1.3}
 * @param ciphers cipher suites offered; empty keeps the provider's secure defaults
 * @param provider which TLS implementation to use
 */
public record ClientTlsConfig(ClientTlsMode mode, Optional<String> certFile, Optional<String> keyFile,
                              Optional<String> keyPassword, Optional<String> caFile, List<String> protocols,
                              List<String> ciphers, TlsProvider provider) {

    /** TLS turned off, the default. */
    public static final ClientTlsConfig DISABLED = new ClientTlsConfig(ClientTlsMode.DISABLE, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of("TLSv1.2", "TLSv1.3"), List.of(),
            TlsProvider.AUTO);

    public ClientTlsConfig {
        requireNonNull(mode, "mode");
        requireNonNull(certFile, "certFile");
        requireNonNull(keyFile, "keyFile");
        requireNonNull(keyPassword, "keyPassword");
        requireNonNull(caFile, "caFile");
        protocols = List.copyOf(requireNonNull(protocols, "protocols"));
        ciphers = List.copyOf(requireNonNull(ciphers, "ciphers"));
        requireNonNull(provider, "provider");
    }

    @Override
    public String toString() {
        return "ClientTlsConfig[mode=" + mode.configName() + ", certFile=" + certFile + ", keyFile=" + keyFile
                + ", keyPassword=" + keyPassword.map(p -> "<hidden>") + ", caFile=" + caFile + ", protocols="
                + protocols + ", ciphers=" + ciphers + ", provider=" + provider.configName() + ']';
    }
}
