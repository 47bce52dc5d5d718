package io.sluice.proxy.auth;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.config.AuthConfig;
import io.sluice.config.DatabaseConfig;
import io.sluice.protocol.backend.ErrorResponse;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.server.ServerConnector;
import io.sluice.proxy.server.ServerLoginException;
import io.sluice.proxy.server.ServerTarget;
import io.sluice.proxy.server.SqlLiterals;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches one user's secret: opens a dedicated connection as {@code auth.user} to the lookup database (never one
 * of the pools' servers), runs {@code auth.query}, and closes it. All on the given event loop, non-blocking; the
 * connection and login are bounded by {@code pool.server_connect_timeout}, and so is the query after them. At most
 * {@code auth.query_max_connections} lookups run at once.
 */
public final class AuthQueryRunner implements AuthSecretCache.Fetcher {

    private static final System.Logger LOG = System.getLogger(AuthQueryRunner.class.getName());
    /** {@code $1}, but not {@code $10}. */
    private static final Pattern PARAMETER = Pattern.compile("\\$1(?![0-9])");

    private final ServerConnector connector;
    private final String query;
    private final String authUser;
    private final String authPassword;
    private final Duration timeout;
    private final int maxPacketSize;
    private final LookupLimiter limiter;

    /**
     * @param authPassword {@code auth.user}'s password from {@code users:}; {@code null} when PostgreSQL trusts it
     */
    public AuthQueryRunner(ServerConnector connector, AuthConfig auth, String authPassword, Duration timeout,
            int maxPacketSize) {
        this.connector = connector;
        this.query = auth.query();
        this.authUser = auth.user().orElseThrow(() -> new IllegalArgumentException("auth.user: not set"));
        this.authPassword = authPassword;
        this.timeout = timeout;
        this.maxPacketSize = maxPacketSize;
        this.limiter = new LookupLimiter(auth.queryMaxConnections());
    }

    /** {@code auth.query} with every {@code $1} replaced by {@code user} as a string literal. */
    static String sql(String query, String user) {
        return PARAMETER.matcher(query).replaceAll(Matcher.quoteReplacement(SqlLiterals.string(user)));
    }

    @Override
    public Future<AuthLookup> fetch(EventLoop loop, DatabaseConfig database, String user) {
        Promise<AuthLookup> result = loop.newPromise();
        limiter.submit(() -> loop.execute(() -> {
            try {
                run(loop, database, user, result);
            } catch (RuntimeException e) {
                result.trySuccess(AuthLookup.failed(ProxyErrors.authQueryLost(user, e.toString())));
                limiter.release();
            }
        }));
        return result;
    }

    /** Runs one lookup; its slot is released when its connection has closed (or never opened). */
    private void run(EventLoop loop, DatabaseConfig database, String user, Promise<AuthLookup> result) {
        ServerTarget target = new ServerTarget(database.host(), database.port(), database.dbname(), authUser,
                authPassword, timeout, maxPacketSize);
        String where = "\"" + authUser + "\" at " + target.address() + "/" + database.dbname();
        connector.login(loop, target).addListener(f -> {
            if (!f.isSuccess()) {
                ErrorResponse why = f.cause() instanceof ServerLoginException e ? e.error()
                        : ProxyErrors.serverUnreachable(target, f.cause());
                LOG.log(Level.WARNING, "looking up user \"{0}\" as {1} failed: {2}", user, where, why.message());
                result.trySuccess(AuthLookup.failed(ProxyErrors.authQueryUnreachable(user, why)));
                limiter.release();
                return;
            }
            Channel channel = (Channel) f.getNow();
            // The answer may come before the session ends (Terminate, close): the slot is the connection's.
            channel.closeFuture().addListener(closed -> limiter.release());
            ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
                String what = "no answer to auth.query within pool.server_connect_timeout (" + timeout.toMillis()
                        + " ms)";
                if (result.trySuccess(AuthLookup.failed(ProxyErrors.authQueryLost(user, what)))) {
                    LOG.log(Level.WARNING, "looking up user \"{0}\" as {1} failed: {2}", user, where, what);
                    channel.close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            result.addListener(done -> deadline.cancel(false));
            channel.pipeline().addLast("auth-query", new AuthQueryHandler(user, sql(query, user), where, result));
        });
    }
}
