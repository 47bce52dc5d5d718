package io.sluice.proxy.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.sluice.config.PoolMode;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.Authentication;
import io.sluice.protocol.backend.BackendKeyData;
import io.sluice.protocol.backend.ParameterStatus;
import io.sluice.protocol.backend.ReadyForQuery;
import io.sluice.proxy.cancel.CancelKey;
import io.sluice.proxy.server.ClientSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end of a client's login: {@code AuthenticationOk}, the parameters a server reports, Sluice's own identity
 * ({@code sluice.pool_mode}, {@code sluice.version}, so drivers and people can tell they talk to a pooler), the
 * client's cancel key and {@code ReadyForQuery}.
 */
final class Welcome {

    /** Reported parameters a client cannot SET: they describe the server or the login, not the session. */
    private static final Set<String> NOT_SETTABLE = Set.of("server_version", "server_encoding", "integer_datetimes",
            "is_superuser", "session_authorization", "in_hot_standby", "scram_iterations");

    private final String version;
    /** The last welcome prepared, for the next client of the same pool with the same startup settings. */
    private volatile Prepared last;

    /**
     * What one welcome shows and leaves in the client's settings, for a given server report (the pool's cached
     * one, compared by identity), startup settings (the pool's shared map, by identity) and pool mode: every
     * {@code ParameterStatus} as bytes, and the client's settings afterwards with their fingerprint. Immutable.
     */
    private record Prepared(Map<String, String> reported, Map<String, String> startup, PoolMode mode,
                            byte[] parameters, Map<String, String> settings, String fingerprint) {
    }

    Welcome(String version) {
        this.version = version;
    }

    /** Whether a reported parameter is a session setting that must follow the client from server to server. */
    static boolean isSettable(String name) {
        return !NOT_SETTABLE.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith("sluice.");
    }

    /**
     * Writes the welcome from {@code reported} (a server's parameters), with the client's own values of
     * {@code settings} shown instead where the server reports the same parameter, and records in {@code settings}
     * every settable reported value the client did not choose itself.
     *
     * <p>A storm of logins to one pool repeats the same work for every client: the parameters and the settings
     * they leave are prepared once and reused while the report, the startup settings and the mode are the same
     * objects as last time. Any other client (another pool, other startup parameters, session mode's own server
     * report) has its welcome prepared afresh, which becomes the one reused.
     */
    void write(Channel ch, Map<String, String> reported, ClientSettings settings, CancelKey key,
            PoolMode mode) {
        Prepared p = last;
        if (p != null && p.reported == reported && p.mode == mode && settings.isBackedBy(p.startup)) {
            settings.adopt(p.settings, p.fingerprint);
        } else {
            p = prepare(reported, settings, mode);
            last = p;
        }
        // One buffer, one write: a storm of logins writes this thousands of times a second.
        ByteBuf out = ch.alloc().buffer(64 + p.parameters.length);
        try {
            Authentication.writeOkTo(out);
            out.writeBytes(p.parameters);
            new BackendKeyData(key.processId(), key.secretKey()).writeTo(out);
            ReadyForQuery.writeTo(out, TransactionStatus.IDLE);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        ch.writeAndFlush(out);
    }

    private Prepared prepare(Map<String, String> reported, ClientSettings settings, PoolMode mode) {
        Map<String, String> startup = settings.freeze();
        Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        shown.putAll(reported);
        settings.forEach((name, value) -> {
            if (shown.containsKey(name)) {
                shown.put(name, value);
            }
        });
        ByteBuf parameters = Unpooled.buffer(48 * (shown.size() + 2));
        shown.forEach((name, value) -> {
            new ParameterStatus(name, value).writeTo(parameters);
            if (isSettable(name)) {
                settings.putIfAbsent(name, value);
            }
        });
        new ParameterStatus("sluice.pool_mode", mode.configName()).writeTo(parameters);
        new ParameterStatus("sluice.version", version).writeTo(parameters);
        return new Prepared(reported, startup, mode, ByteBufUtil.getBytes(parameters), settings.freeze(),
                settings.fingerprint());
    }
}
