package io.sluice.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.sluice.config.ClientTlsConfig;
import io.sluice.config.ClientTlsMode;
import io.sluice.config.ServerTlsConfig;
import io.sluice.config.ServerTlsMode;
import java.lang.System.Logger.Level;
import javax.net.ssl.SSLException;

/**
 * The TLS contexts of a running Sluice, in one place so that a reload can swap them: connections opened after
 * {@link #reload} use the new certificates, those already open keep the session they negotiated.
 *
 * <p>Thread-safe: the snapshots are immutable and published through volatile fields; {@link #reload} reads files
 * and must not run on an event loop.
 */
public final class TlsContexts {

    private static final System.Logger LOG = System.getLogger(TlsContexts.class.getName());

    /**
     * The client side now.
     *
     * @param context {@code null} when {@code mode} is {@code disable}
     */
    public record ClientSide(ClientTlsConfig config, SslContext context) {
        public ClientSide {
            requireNonNull(config, "config");
        }

        public ClientTlsMode mode() {
            return config.mode();
        }
    }

    /**
     * The server side now.
     *
     * @param context {@code null} when {@code mode} is {@code disable}
     */
    public record ServerSide(ServerTlsConfig config, SslContext context) {
        public ServerSide {
            requireNonNull(config, "config");
        }

        public ServerTlsMode mode() {
            return config.mode();
        }
    }

    private volatile ClientSide client;
    private volatile ServerSide server;

    private TlsContexts(ClientSide client, ServerSide server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Builds the contexts the configuration asks for.
     *
     * @throws SSLException when a certificate or key cannot be read or used
     * @throws IllegalStateException when the {@code openssl} provider is asked for and cannot load
     */
    public static TlsContexts create(ClientTlsConfig client, ServerTlsConfig server) throws SSLException {
        TlsContexts contexts = new TlsContexts(build(client), build(server));
        contexts.logProviders();
        return contexts;
    }

    /** Contexts with TLS off both ways (tests, and configurations without TLS). */
    public static TlsContexts disabled() {
        return new TlsContexts(new ClientSide(ClientTlsConfig.DISABLED, null),
                new ServerSide(ServerTlsConfig.DISABLED, null));
    }

    public ClientSide client() {
        return client;
    }

    public ServerSide server() {
        return server;
    }

    /**
     * Re-reads the certificate, key and CA files of the current settings (e.g. after a certificate renewal). On
     * failure the contexts in use stay as they were.
     */
    public void reload() throws SSLException {
        reload(client.config(), server.config());
    }

    /** Switches to new settings, re-reading every file. On failure the contexts in use stay as they were. */
    public void reload(ClientTlsConfig newClient, ServerTlsConfig newServer) throws SSLException {
        ClientSide c = build(newClient);
        ServerSide s = build(newServer);
        client = c;
        server = s;
        LOG.log(Level.INFO, "TLS reloaded: client_tls.mode {0}, server_tls.mode {1}", newClient.mode().configName(),
                newServer.mode().configName());
    }

    private static ClientSide build(ClientTlsConfig config) throws SSLException {
        return new ClientSide(config, config.mode().enabled() ? SslContexts.forClients(config) : null);
    }

    private static ServerSide build(ServerTlsConfig config) throws SSLException {
        return new ServerSide(config, config.mode() != ServerTlsMode.DISABLE ? SslContexts.forServers(config) : null);
    }

    private void logProviders() {
        if (client.context() != null || server.context() != null) {
            LOG.log(Level.INFO, "TLS on: client_tls.mode {0} ({1}), server_tls.mode {2} ({3})",
                    client.mode().configName(), providerName(client.context()), server.mode().configName(),
                    providerName(server.context()));
        }
    }

    private static String providerName(SslContext context) {
        return context == null ? "off" : context instanceof ReferenceCountedOpenSslContext ? "BoringSSL" : "JDK TLS";
    }
}
