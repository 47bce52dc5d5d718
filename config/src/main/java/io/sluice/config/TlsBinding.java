package io.sluice.config;

/** Builds the {@code client_tls} and {@code server_tls} sections from their bound values. */
final class TlsBinding {

    private TlsBinding() {
    }

    static ClientTlsConfig client(Values v) {
        return new ClientTlsConfig(v.required(Settings.CLIENT_TLS_MODE, ClientTlsMode.class),
                v.optional(Settings.CLIENT_TLS_CERT_FILE, String.class),
                v.optional(Settings.CLIENT_TLS_KEY_FILE, String.class),
                v.optional(Settings.CLIENT_TLS_KEY_PASSWORD, String.class),
                v.optional(Settings.CLIENT_TLS_CA_FILE, String.class),
                SettingType.splitList(v.string(Settings.CLIENT_TLS_PROTOCOLS)),
                SettingType.splitList(v.string(Settings.CLIENT_TLS_CIPHERS)),
                v.required(Settings.CLIENT_TLS_PROVIDER, TlsProvider.class));
    }

    static ServerTlsConfig server(Values v) {
        return new ServerTlsConfig(v.required(Settings.SERVER_TLS_MODE, ServerTlsMode.class),
                v.optional(Settings.SERVER_TLS_CA_FILE, String.class),
                v.optional(Settings.SERVER_TLS_CERT_FILE, String.class),
                v.optional(Settings.SERVER_TLS_KEY_FILE, String.class),
                v.optional(Settings.SERVER_TLS_KEY_PASSWORD, String.class),
                SettingType.splitList(v.string(Settings.SERVER_TLS_PROTOCOLS)),
                SettingType.splitList(v.string(Settings.SERVER_TLS_CIPHERS)),
                v.required(Settings.SERVER_TLS_PROVIDER, TlsProvider.class));
    }
}
