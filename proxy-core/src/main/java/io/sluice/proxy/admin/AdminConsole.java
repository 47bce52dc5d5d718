package io.sluice.proxy.admin;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import io.sluice.config.Setting;
import io.sluice.config.SettingValues;
import io.sluice.protocol.SqlState;
import io.sluice.proxy.ProxyErrors;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs admin console commands with PgBouncer's semantics. Commands that wait (PAUSE until servers are back,
 * WAIT_CLOSE, SHUTDOWN WAIT_FOR_*) answer through a future, checked on the console connection's loop, so no thread
 * blocks.
 */
public final class AdminConsole {

    private static final System.Logger LOG = System.getLogger(AdminConsole.class.getName());
    private static final long POLL_MILLIS = 20;

    private final PoolRegistry pools;
    private final AdminControl control;
    private final String version;
    private final StatsPeriod stats;

    public AdminConsole(PoolRegistry pools, AdminControl control, String version, StatsPeriod stats) {
        this.stats = stats;
        this.pools = pools;
        this.control = control;
        this.version = version;
    }

    /**
     * Runs {@code command} for {@code user}.
     *
     * @param loop the console connection's loop: waits are checked there
     */
    public Future<Answer> execute(AdminCommand command, String user, EventLoop loop) {
        Promise<Answer> answer = loop.newPromise();
        try {
            if (!command.readOnly() && !control.config().admin().mayControl(user)) {
                throw new AdminException(SqlState.INSUFFICIENT_PRIVILEGE, "user \"" + user
                        + "\" may only run SHOW commands (admin.stats_users); control needs admin.users");
            }
            run(command, user, loop, answer);
        } catch (AdminException e) {
            answer.tryFailure(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "admin command " + command + " failed", e);
            answer.tryFailure(new AdminException(SqlState.INTERNAL_ERROR, "internal error: " + e));
        }
        return answer;
    }

    private void run(AdminCommand command, String user, EventLoop loop, Promise<Answer> answer) {
        if (!(command instanceof AdminCommand.Show || command instanceof AdminCommand.SessionSet
                || command instanceof AdminCommand.Empty)) {
            LOG.log(Level.INFO, "admin console: {0} ran {1}", user, command);
        }
        if (command instanceof AdminCommand.Show show) {
            answer.setSuccess(show(show.what()));
        } else if (command instanceof AdminCommand.SessionSet) {
            answer.setSuccess(Answer.done("SET"));
        } else if (command instanceof AdminCommand.Empty) {
            answer.setSuccess(Answer.done(""));
        } else if (command instanceof AdminCommand.Pause pause) {
            String db = knownDatabase(pause.database());
            pools.pause(db, false);
            when(loop, () -> pools.of(db).stream().allMatch(Pool::isQuiet), answer, Answer.done("PAUSE"));
        } else if (command instanceof AdminCommand.Suspend) {
            control.accepting(false);
            pools.pause(null, true);
            when(loop, () -> pools.all().stream().allMatch(Pool::isQuiet), answer, Answer.done("SUSPEND"));
        } else if (command instanceof AdminCommand.Resume resume) {
            String db = knownDatabase(resume.database());
            if (db == null) {
                control.accepting(true);
            }
            pools.resume(db);
            answer.setSuccess(Answer.done("RESUME"));
        } else if (command instanceof AdminCommand.Disable disable) {
            pools.setDisabled(knownDatabase(disable.database()), true);
            answer.setSuccess(Answer.done("DISABLE"));
        } else if (command instanceof AdminCommand.Enable enable) {
            pools.setDisabled(knownDatabase(enable.database()), false);
            answer.setSuccess(Answer.done("ENABLE"));
        } else if (command instanceof AdminCommand.Reconnect reconnect) {
            pools.of(knownDatabase(reconnect.database())).forEach(Pool::reconnect);
            answer.setSuccess(Answer.done("RECONNECT"));
        } else if (command instanceof AdminCommand.Kill kill) {
            String db = knownDatabase(kill.database());
            pools.pause(db, false);
            var why = ProxyErrors.killed(db == null ? "KILL" : "KILL " + db);
            List<Future<Void>> closes = new ArrayList<>();
            pools.of(db).forEach(p -> closes.addAll(p.kill(why)));
            afterAll(loop, closes, answer, Answer.done("KILL"));
        } else if (command instanceof AdminCommand.KillClient kill) {
            Pool.Member client = pools.all().stream().flatMap(p -> p.members().stream())
                    .filter(m -> m.id() == kill.id()).findFirst()
                    .orElseThrow(() -> new AdminException(SqlState.UNDEFINED_OBJECT,
                            "no client with id " + kill.id() + " (see SHOW CLIENTS)"));
            afterAll(loop, List.of(client.disconnect(ProxyErrors.killed("KILL_CLIENT " + kill.id()))), answer,
                    Answer.done("KILL_CLIENT"));
        } else if (command instanceof AdminCommand.WaitClose wait) {
            String db = knownDatabase(wait.database());
            when(loop, () -> pools.of(db).stream().allMatch(p -> p.closing() == 0), answer,
                    Answer.done("WAIT_CLOSE"));
        } else if (command instanceof AdminCommand.Reload) {
            control.reload().addListener(f -> {
                if (f.isSuccess()) {
                    @SuppressWarnings("unchecked")
                    List<String> changes = (List<String>) f.getNow();
                    answer.trySuccess(Answer.noticed("RELOAD", changes));
                } else {
                    answer.tryFailure(f.cause());
                }
            });
        } else if (command instanceof AdminCommand.Set set) {
            Setting setting = SettingValues.find(set.key()).orElseThrow(() -> new AdminException(
                    SqlState.UNDEFINED_OBJECT, "unknown setting '" + set.key() + "' (see SHOW CONFIG)"));
            control.set(setting, set.value()).addListener(f -> {
                if (f.isSuccess()) {
                    answer.trySuccess(Answer.done("SET"));
                } else {
                    answer.tryFailure(f.cause());
                }
            });
        } else if (command instanceof AdminCommand.Shutdown shutdown) {
            control.shutdown(shutdown.mode()).addListener(f -> answer.trySuccess(Answer.done("SHUTDOWN")));
        } else {
            throw new IllegalStateException("unhandled " + command);
        }
    }

    private Answer show(String what) {
        var config = control.config();
        return switch (what) {
            case "POOLS" -> Answer.rows(PoolViews.pools(pools));
            case "DATABASES" -> Answer.rows(PoolViews.databases(config, pools));
            case "USERS" -> Answer.rows(PoolViews.users(config, pools));
            case "LISTS" -> Answer.rows(PoolViews.lists(config, pools, control.connectedClients()));
            case "CLIENTS" -> Answer.rows(ConnectionViews.clients(pools));
            case "SERVERS" -> Answer.rows(ConnectionViews.servers(pools));
            case "CONFIG" -> Answer.rows(ConfigViews.config(config));
            case "VERSION" -> Answer.rows(ConfigViews.version(version));
            case "STATS" -> Answer.rows(StatsViews.stats(stats));
            case "STATS_TOTALS" -> Answer.rows(StatsViews.totals(stats));
            case "STATS_AVERAGES" -> Answer.rows(StatsViews.averages(stats));
            case "HELP" -> Answer.noticed("SHOW", List.of(HELP));
            default -> throw new AdminException(SqlState.UNDEFINED_OBJECT, "SHOW " + what
                    + " is not supported; SHOW HELP lists what is");
        };
    }

    /** A database the command names must be configured; null (every database) passes. */
    private String knownDatabase(String database) {
        if (database != null && !control.config().databases().containsKey(database)) {
            throw new AdminException(SqlState.UNDEFINED_OBJECT, "no such database: " + database);
        }
        return database;
    }

    /**
     * Answers once every one of {@code closes} is done: a client killed on another loop is gone before its killer
     * hears {@code KILL}, so whatever the killer does next cannot meet it. On {@code loop}.
     */
    private static void afterAll(EventLoop loop, List<Future<Void>> closes, Promise<Answer> answer, Answer then) {
        PromiseCombiner all = new PromiseCombiner(loop);
        closes.forEach(all::add);
        Promise<Void> closed = loop.newPromise();
        closed.addListener(f -> answer.trySuccess(then));
        all.finish(closed);
    }

    /** Answers once {@code done} holds, checking every few milliseconds on {@code loop}. */
    private static void when(EventLoop loop, BooleanSupplier done, Promise<Answer> answer, Answer then) {
        if (done.getAsBoolean()) {
            answer.trySuccess(then);
        } else if (!answer.isDone()) {
            loop.schedule(() -> when(loop, done, answer, then), POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    static final String HELP = String.join("\n",
            "Console usage",
            "\tSHOW HELP|CONFIG|USERS|DATABASES|POOLS|CLIENTS|SERVERS|LISTS|VERSION",
            "\tSHOW STATS|STATS_TOTALS|STATS_AVERAGES",
            "\tSET key = arg",
            "\tRELOAD",
            "\tPAUSE [<db>]",
            "\tRESUME [<db>]",
            "\tDISABLE <db>",
            "\tENABLE <db>",
            "\tRECONNECT [<db>]",
            "\tKILL [<db>]",
            "\tKILL_CLIENT <client_id>",
            "\tSUSPEND",
            "\tSHUTDOWN [WAIT_FOR_SERVERS|WAIT_FOR_CLIENTS]",
            "\tWAIT_CLOSE [<db>]");
}
