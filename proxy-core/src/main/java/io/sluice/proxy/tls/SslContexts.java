package io.sluice.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.sluice.config.ClientTlsConfig;
import io.sluice.config.ServerTlsMode;
import io.sluice.config.ServerTlsConfig;
import io.sluice.config.TlsProvider;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds Netty {@link SslContext}s from the {@code client_tls} and {@code server_tls} sections. Reads the
 * certificate and key files; call it off the event loops.
 */
final class SslContexts {

    /** The ALPN protocol PostgreSQL 17 defines; direct TLS requires it (protocol section 55.2.10). */
    static final String ALPN_POSTGRESQL = "postgresql";

    private SslContexts() {
    }

    /**
     * The context Sluice uses as the TLS server of its clients.
     *
     * @throws SSLException naming the section when a file cannot be read or used, or the provider cannot load
     */
    static SslContext forClients(ClientTlsConfig config) throws SSLException {
        try {
            return buildForClients(config);
        } catch (IllegalArgumentException | IllegalStateException | SSLException e) {
            throw failure("client_tls", e);
        }
    }

    /**
     * The context Sluice uses as a TLS client of PostgreSQL.
     *
     * @throws SSLException naming the section when a file cannot be read or used, or the provider cannot load
     */
    static SslContext forServers(ServerTlsConfig config) throws SSLException {
        try {
            return buildForServers(config);
        } catch (IllegalArgumentException | IllegalStateException | SSLException e) {
            throw failure("server_tls", e);
        }
    }

    private static SslContext buildForClients(ClientTlsConfig config) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(file(config.certFile().orElseThrow()),
                        file(config.keyFile().orElseThrow()), config.keyPassword().orElse(null))
                .sslProvider(provider(config.provider()))
                .protocols(config.protocols())
                // Select "postgresql" when the client offers it; never fail the handshake over ALPN here, since
                // SSLRequest clients may send none. Direct TLS clients are checked after the handshake.
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN_POSTGRESQL));
        ciphers(builder, config.ciphers());
        if (config.caFile().isPresent()) {
            builder.trustManager(file(config.caFile().get()))
                    .clientAuth(config.mode().verifiesClients() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        return builder.build();
    }

    private static SslContext buildForServers(ServerTlsConfig config) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider(config.provider()))
                .protocols(config.protocols())
                // Host names are checked for verify-full only, against databases.*.host.
                .endpointIdentificationAlgorithm(config.mode() == ServerTlsMode.VERIFY_FULL ? "HTTPS" : null);
        ciphers(builder, config.ciphers());
        if (config.mode() == ServerTlsMode.VERIFY_CA || config.mode() == ServerTlsMode.VERIFY_FULL) {
            builder.trustManager(file(config.caFile().orElseThrow()));
        } else {
            // prefer and require encrypt without checking who answers, as libpq does.
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (config.certFile().isPresent() && config.keyFile().isPresent()) {
            builder.keyManager(file(config.certFile().get()), file(config.keyFile().get()),
                    config.keyPassword().orElse(null));
        }
        return builder.build();
    }

    /**
     * The Netty provider for a configured one: BoringSSL where netty-tcnative loads, unless the JDK's is asked for.
     *
     * @throws IllegalStateException when {@code openssl} is asked for and cannot load
     */
    static SslProvider provider(TlsProvider configured) {
        return switch (configured) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TLS provider openssl is not available on this platform ("
                            + OpenSsl.unavailabilityCause() + "); use provider auto or jdk");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** Netty's message names the file; its cause says what was wrong with it. */
    private static SSLException failure(String section, Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ')';
        }
        return new SSLException(section + ": " + message, e);
    }

    private static void ciphers(SslContextBuilder builder, List<String> ciphers) {
        if (!ciphers.isEmpty()) {
            builder.ciphers(ciphers);
        }
    }

    private static File file(String path) {
        return new File(path);
    }
}
