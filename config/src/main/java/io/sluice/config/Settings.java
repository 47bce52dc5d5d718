package io.sluice.config;

import java.util.List;

/**
 * The table of every setting, in the order the reference shows them (like PgBouncer's
 * {@code bouncer_params}). Names follow PgBouncer's where the concept is the same; the PgBouncer name is
 * given in the doc when it differs.
 */
public final class Settings {

    private static final boolean RELOAD = true;
    private static final boolean RESTART = false;
    private static final long KIB = 1024;
    private static final long GIB = KIB * KIB * KIB;

    public static final Setting LISTEN_HOST = Setting.of("listen.host", SettingType.STRING, "127.0.0.1", RESTART,
            "Address to accept client connections on; `0.0.0.0` or `::` for every interface"
                    + " (PgBouncer `listen_addr`).");
    public static final Setting LISTEN_PORT = new Setting("listen.port", SettingType.INTEGER, "6432", RESTART,
            0, 65535, "TCP port to accept client connections on; `0` picks a free port (PgBouncer `listen_port`).");
    public static final Setting LISTEN_CLIENT_LOGIN_TIMEOUT = Setting.of("listen.client_login_timeout",
            SettingType.DURATION, "60s", RELOAD,
            "A client that has not finished startup and authentication in this time is disconnected.");
    public static final Setting LISTEN_MAX_PACKET_SIZE = new Setting("listen.max_packet_size", SettingType.SIZE,
            "256MiB", RESTART, KIB, GIB,
            "Largest message Sluice reads whole (PgBouncer `max_packet_size`); a longer one closes the"
                    + " connection with 08P01.");
    public static final Setting LISTEN_MAX_CLIENT_CONN_PER_ADDRESS = new Setting(
            "listen.max_client_conn_per_address", SettingType.INTEGER, "0", RESTART, 0, 1_000_000,
            "Client connections one source IP address may hold open at once, logged in or not; beyond it a new"
                    + " connection gets 53300 and is closed before it can send anything. `0` is unlimited (the"
                    + " default, since clients behind NAT or a load balancer share one address); set it when"
                    + " clients connect directly, so one host cannot take all of `pool.max_client_conn`.");
    public static final Setting LISTEN_UNIX_SOCKET_DIR = Setting.of("listen.unix_socket_dir", SettingType.STRING,
            null, RESTART, "Directory of a Unix-domain socket to accept clients on as well, at"
                    + " `<dir>/.s.PGSQL.<listen.port>` where libpq looks (`psql -h <dir>`), mode 0777 (the"
                    + " directory's permissions decide who may connect); unset for none (PgBouncer"
                    + " `unix_socket_dir`). Such clients have no address: `hba` rules with `source: local` or `all`"
                    + " match them, `client_tls.mode` does not apply to them, nor do the per-address limits.");

    public static final Setting POOL_MODE = Setting.of("pool.mode", SettingType.POOL_MODE, "session", RELOAD,
            "When a server connection goes back to the pool (PgBouncer `pool_mode`): `session` (a client keeps"
                    + " one server until it disconnects), `transaction` (a server is held only during a transaction"
                    + " or a request in flight), `statement` (released after every statement; multi-statement"
                    + " transactions are refused).");
    public static final Setting POOL_SIZE = new Setting("pool.size", SettingType.INTEGER, "20", RELOAD,
            1, 10_000, "Server connections per database and user pair (PgBouncer `default_pool_size`).");
    public static final Setting POOL_MAX_CLIENT_CONN = new Setting("pool.max_client_conn", SettingType.INTEGER,
            "10000", RELOAD, 1, 1_000_000,
            "Client connections accepted in all; beyond it new clients get 53300 (PgBouncer `max_client_conn`).");
    public static final Setting POOL_QUERY_WAIT_TIMEOUT = Setting.of("pool.query_wait_timeout",
            SettingType.DURATION, "120s", RELOAD,
            "Longest a client waits for a server connection before getting 57014; `0` waits forever.");
    public static final Setting POOL_SERVER_CONNECT_TIMEOUT = Setting.of("pool.server_connect_timeout",
            SettingType.DURATION, "15s", RELOAD,
            "Longest to connect to PostgreSQL and log in before the attempt fails.");
    public static final Setting POOL_SERVER_IDLE_TIMEOUT = Setting.of("pool.server_idle_timeout",
            SettingType.DURATION, "600s", RELOAD,
            "A server connection idle in the pool this long is closed; `0` never closes idle ones.");
    public static final Setting POOL_SERVER_LIFETIME = Setting.of("pool.server_lifetime", SettingType.DURATION,
            "3600s", RELOAD,
            "A server connection older than this is closed when next released; `0` keeps it forever.");
    public static final Setting POOL_SERVER_RESET_QUERY = Setting.of("pool.server_reset_query", SettingType.TEXT,
            "DISCARD ALL", RELOAD,
            "Sent in session mode before a server connection serves another client; empty sends nothing.");
    public static final Setting POOL_SERVER_RESET_TIMEOUT = Setting.of("pool.server_reset_timeout",
            SettingType.DURATION, "10s", RELOAD,
            "Longest the reset, or the rollback of a server whose client left mid-transaction, may take before"
                    + " the server is closed instead.");
    public static final Setting POOL_QUERY_WAIT_NOTIFY = Setting.of("pool.query_wait_notify",
            SettingType.DURATION, "5s", RELOAD,
            "A client that has waited this long for a server connection gets a NOTICE saying why; `0` never"
                    + " sends one.");
    public static final Setting POOL_MIN_POOL_SIZE = new Setting("pool.min_pool_size", SettingType.INTEGER, "0",
            RELOAD, 0, 10_000,
            "Server connections kept open and ready per pool, even when idle; at most `pool.size` and every"
                    + " `databases.*.pool_size`.");
    public static final Setting POOL_SERVER_LOGIN_RETRY = Setting.of("pool.server_login_retry",
            SettingType.DURATION, "15s", RELOAD,
            "After a failed connection attempt, new attempts to that database wait this long; clients waiting"
                    + " meanwhile fail at once with 08006 naming the cause. When the attempt failed because Sluice"
                    + " itself had no file descriptor for the socket (its open-file limit), new attempts wait at most"
                    + " 1 s: PostgreSQL is not to blame, and descriptors come back as clients leave.");
    public static final Setting POOL_CLIENT_IDLE_TIMEOUT = Setting.of("pool.client_idle_timeout",
            SettingType.DURATION, "0", RELOAD,
            "A logged-in client that sends nothing for this long is disconnected; `0` never disconnects it.");
    public static final Setting POOL_IDLE_TRANSACTION_TIMEOUT = Setting.of("pool.idle_transaction_timeout",
            SettingType.DURATION, "0", RELOAD,
            "A client idle inside a transaction for this long is disconnected and its transaction rolled back;"
                    + " `0` never disconnects it.");
    public static final Setting POOL_QUERY_TIMEOUT = Setting.of("pool.query_timeout", SettingType.DURATION, "0",
            RELOAD,
            "A request running longer than this is cancelled and the client disconnected; `0` lets it run.");
    public static final Setting POOL_SERVER_CHECK_DELAY = Setting.of("pool.server_check_delay",
            SettingType.DURATION, "30s", RELOAD,
            "An idle server connection unused for this long is checked with `pool.server_check_query` before a"
                    + " client gets it; `0` checks it every time.");
    public static final Setting POOL_SERVER_CHECK_QUERY = Setting.of("pool.server_check_query", SettingType.TEXT,
            "select 1", RELOAD,
            "The query that checks an idle server connection; if it fails that server is closed and another"
                    + " is used; empty checks nothing.");
    public static final Setting POOL_RESERVE_POOL_SIZE = new Setting("pool.reserve_pool_size",
            SettingType.INTEGER, "0", RELOAD, 0, 10_000,
            "Extra server connections a pool may open, beyond its size, for clients that have waited"
                    + " `pool.reserve_pool_timeout`; `0` allows none.");
    public static final Setting POOL_RESERVE_POOL_TIMEOUT = Setting.of("pool.reserve_pool_timeout",
            SettingType.DURATION, "5s", RELOAD,
            "How long a client waits for a server connection before the reserve pool may serve it.");
    public static final Setting POOL_MAX_DB_CONNECTIONS = new Setting("pool.max_db_connections",
            SettingType.INTEGER, "0", RELOAD, 0, 100_000,
            "The most server connections open to one database, over all its users' pools; clients beyond it"
                    + " wait; `0` is unlimited.");
    public static final Setting POOL_MAX_USER_CONNECTIONS = new Setting("pool.max_user_connections",
            SettingType.INTEGER, "0", RELOAD, 0, 100_000,
            "The most server connections open for one user, over all databases; clients beyond it wait; `0` is"
                    + " unlimited.");
    public static final Setting POOL_MAX_PREPARED_STATEMENTS = new Setting("pool.max_prepared_statements",
            SettingType.INTEGER, "200", RELOAD, 0, 100_000,
            "Prepared statements kept on each server connection in transaction and statement modes, least"
                    + " recently used closed beyond it; `0` turns prepared-statement tracking off (named"
                    + " statements then pass through untouched, as in session mode).");
    public static final Setting POOL_MAX_CLIENT_PREPARED_STATEMENTS = new Setting(
            "pool.max_client_prepared_statements", SettingType.INTEGER, "10000", RELOAD, 1, 1_000_000,
            "Named prepared statements one client may hold; a client that prepares more is disconnected with an"
                    + " error naming this setting.");

    public static final Setting AUTH_TYPE = Setting.of("auth.type", SettingType.AUTH_TYPE, "scram-sha-256", RELOAD,
            "How clients authenticate to Sluice (PgBouncer `auth_type`); `trust` asks no password.");
    public static final Setting AUTH_QUERY = Setting.of("auth.query", SettingType.STRING,
            "SELECT usename, passwd FROM pg_shadow WHERE usename = $1", RESTART,
            "SQL that fetches the SCRAM verifier or md5 hash of a user who has no password under `users:`; `$1` is"
                    + " replaced by the user name as a quoted literal; it must return no row (no such user) or one"
                    + " row of two columns, user name and secret (PgBouncer `auth_query`). Used only with"
                    + " `auth.user`; see docs/security.md for a least-privilege lookup function.");
    public static final Setting AUTH_USER = Setting.of("auth.user", SettingType.STRING, null, RESTART,
            "The user Sluice logs into PostgreSQL as to run `auth.query`, with its password from `users:`; setting"
                    + " it turns the lookup on (PgBouncer `auth_user`). Unset: only users with a password in"
                    + " `users:` can log in.");
    public static final Setting AUTH_DATABASE = Setting.of("auth.database", SettingType.STRING, null, RELOAD,
            "The `databases:` entry whose server and database `auth.query` runs in; defaults to the database the"
                    + " client asked for (PgBouncer `auth_dbname`).");
    public static final Setting AUTH_QUERY_MAX_CONNECTIONS = new Setting("auth.query_max_connections",
            SettingType.INTEGER, "4", RESTART, 1, 1000,
            "Lookups with `auth.query` running at once, each on its own short connection to PostgreSQL; more wait"
                    + " their turn. Bounds the PostgreSQL connections a flood of logins of unknown users can take.");
    public static final Setting AUTH_QUERY_CACHE_TTL = Setting.of("auth.query_cache_ttl", SettingType.DURATION,
            "60s", RESTART,
            "How long a secret fetched by `auth.query` is reused before it is fetched again; a password changed in"
                    + " PostgreSQL is seen by Sluice within this time (or at once when PostgreSQL refuses Sluice's"
                    + " login with the old keys). `0` fetches on every login.");
    public static final Setting AUTH_QUERY_NEGATIVE_CACHE_TTL = Setting.of("auth.query_negative_cache_ttl",
            SettingType.DURATION, "5s", RESTART,
            "How long `auth.query` finding no such user is remembered, so repeated logins of an unknown user do"
                    + " not each cost a lookup; `0` remembers nothing. Failed lookups are never remembered.");

    public static final Setting AUTH_FAILURE_BACKOFF_AFTER = new Setting("auth.failure_backoff_after",
            SettingType.INTEGER, "10", RESTART, 0, 1_000_000,
            "Failed logins from one source IP address within `auth.failure_window` after which that address is"
                    + " slowed down: its failed login is answered only after the backoff, and its new logins are"
                    + " refused with 28000 until the backoff has passed. Logged. `0` turns this off.");
    public static final Setting AUTH_FAILURE_WINDOW = Setting.of("auth.failure_window", SettingType.DURATION,
            "60s", RESTART,
            "An address's failed logins are forgotten once it has had none for this long.");
    public static final Setting AUTH_FAILURE_BACKOFF = Setting.of("auth.failure_backoff", SettingType.DURATION,
            "1s", RESTART,
            "The first backoff of an address past `auth.failure_backoff_after`; it doubles with each further"
                    + " failure, up to `auth.failure_backoff_max`.");
    public static final Setting AUTH_FAILURE_BACKOFF_MAX = Setting.of("auth.failure_backoff_max",
            SettingType.DURATION, "30s", RESTART, "The longest backoff of an address.");

    public static final Setting ADMIN_USERS = Setting.of("admin.users", SettingType.NAME_LIST, "", RELOAD,
            "Users who may connect to the admin console (database `sluice` or `pgbouncer`) and run every command"
                    + " (PgBouncer `admin_users`); they log in with their password from `users`.");
    public static final Setting ADMIN_STATS_USERS = Setting.of("admin.stats_users", SettingType.NAME_LIST, "", RELOAD,
            "Users who may connect to the admin console and run only `SHOW` commands (PgBouncer `stats_users`).");

    public static final Setting ADMIN_STATS_PERIOD = Setting.of("admin.stats_period", SettingType.DURATION, "60s",
            RELOAD, "Length of the period over which `SHOW STATS` and `SHOW STATS_AVERAGES` compute their averages"
                    + " (PgBouncer `stats_period`).");

    public static final Setting PROCESS_LOG_FORMAT = Setting.of("process.log_format", SettingType.LOG_FORMAT,
            "text", RESTART, "Log lines as `text` (one readable line per event) or `json` (one object per line).");
    public static final Setting PROCESS_LOG_CONNECTIONS = Setting.of("process.log_connections",
            SettingType.BOOLEAN, "true", RELOAD,
            "Log each client login and each client disconnect with its reason (PgBouncer `log_connections` and"
                    + " `log_disconnections`).");
    public static final Setting PROCESS_EVENT_LOOPS = new Setting("process.event_loops", SettingType.INTEGER, "0",
            RESTART, 0, 1024,
            "Event-loop threads that carry every connection; `0` uses one per available core, or under io_uring"
                    + " one fewer (at least one). On 2 cores with io_uring, one loop used 30 % less CPU per"
                    + " transaction than two, with more throughput; with epoll, two gave more (docs/operations.md,"
                    + " \"Event loops\"). On 16 cores with epoll, throughput rose up to one loop per core, each loop"
                    + " added costing a little CPU per transaction (docs/benchmarks-16-cores.md).");
    public static final Setting PROCESS_TRANSPORT = Setting.of("process.transport", SettingType.TRANSPORT, "auto",
            RESTART, "The socket implementation: `io_uring` (Linux, where the kernel and any container's seccomp"
                    + " profile allow it; less CPU per transaction, see docs/operations.md), `epoll` (Linux), `nio`"
                    + " (any system), or `auto`, the first of these this machine can use. A named transport this"
                    + " machine cannot use stops Sluice at start with the reason; the start-up line names the one in"
                    + " use.");
    public static final Setting PROCESS_SHUTDOWN_TIMEOUT = Setting.of("process.shutdown_timeout",
            SettingType.DURATION, "30s", RELOAD,
            "On SIGTERM or `SHUTDOWN WAIT_FOR_SERVERS`, longest Sluice waits for running transactions to finish"
                    + " before closing every connection; `0` waits forever.");

    public static final Setting CLIENT_TLS_MODE = Setting.of("client_tls.mode", SettingType.CLIENT_TLS_MODE,
            "disable", RELOAD,
            "TLS between clients and Sluice (PgBouncer `client_tls_sslmode`): `disable` answers SSLRequest with"
                    + " `N`; `allow` and `prefer` use TLS when the client asks; `require` refuses plain clients"
                    + " with 28000; `verify-ca` and `verify-full` also require a client certificate signed by"
                    + " `client_tls.ca_file`. Direct TLS (`sslnegotiation=direct`) is accepted whenever TLS is on.");
    public static final Setting CLIENT_TLS_CERT_FILE = Setting.of("client_tls.cert_file", SettingType.STRING, null,
            RELOAD, "PEM certificate (chain) Sluice presents to clients; required unless `client_tls.mode` is"
                    + " `disable`. Re-read on reload.");
    public static final Setting CLIENT_TLS_KEY_FILE = Setting.of("client_tls.key_file", SettingType.STRING, null,
            RELOAD, "PEM private key of `client_tls.cert_file`, PKCS#8 (`BEGIN PRIVATE KEY`, or"
                    + " `BEGIN ENCRYPTED PRIVATE KEY` with `client_tls.key_password`).");
    public static final Setting CLIENT_TLS_KEY_PASSWORD = Setting.of("client_tls.key_password", SettingType.SECRET,
            null, RELOAD, "Passphrase of an encrypted `client_tls.key_file`.");
    public static final Setting CLIENT_TLS_CA_FILE = Setting.of("client_tls.ca_file", SettingType.STRING, null,
            RELOAD, "PEM certificates that sign client certificates; required by `verify-ca` and `verify-full`;"
                    + " with a weaker mode a client certificate is asked for but not required.");
    public static final Setting CLIENT_TLS_PROTOCOLS = Setting.of("client_tls.protocols", SettingType.TLS_PROTOCOLS,
            "TLSv1.2, TLSv1.3", RELOAD, "TLS versions offered to clients.");
    public static final Setting CLIENT_TLS_CIPHERS = Setting.of("client_tls.ciphers", SettingType.TEXT, "", RELOAD,
            "Cipher suites offered to clients, comma-separated, in the JDK's names"
                    + " (`TLS_AES_128_GCM_SHA256`); empty keeps the provider's secure defaults.");
    public static final Setting CLIENT_TLS_PROVIDER = Setting.of("client_tls.provider", SettingType.TLS_PROVIDER,
            "auto", RELOAD, "TLS implementation for clients: `auto` uses BoringSSL (netty-tcnative, shipped for"
                    + " Linux x86_64 and aarch64) where it loads and the JDK's otherwise; `openssl` or `jdk` force"
                    + " one.");

    public static final Setting SERVER_TLS_MODE = Setting.of("server_tls.mode", SettingType.SERVER_TLS_MODE,
            "disable", RELOAD,
            "TLS between Sluice and PostgreSQL (PgBouncer `server_tls_sslmode`, libpq `sslmode` meanings):"
                    + " `disable` sends no SSLRequest; `prefer` uses TLS when the server offers it; `require`"
                    + " insists on TLS; `verify-ca` also checks the certificate against `server_tls.ca_file`;"
                    + " `verify-full` also checks that it names `databases.*.host`.");
    public static final Setting SERVER_TLS_CA_FILE = Setting.of("server_tls.ca_file", SettingType.STRING, null,
            RELOAD, "PEM certificates that sign PostgreSQL's certificate; required by `verify-ca` and `verify-full`.");
    public static final Setting SERVER_TLS_CERT_FILE = Setting.of("server_tls.cert_file", SettingType.STRING, null,
            RELOAD, "PEM client certificate Sluice presents to PostgreSQL (for `cert` authentication); optional.");
    public static final Setting SERVER_TLS_KEY_FILE = Setting.of("server_tls.key_file", SettingType.STRING, null,
            RELOAD, "PEM private key of `server_tls.cert_file`.");
    public static final Setting SERVER_TLS_KEY_PASSWORD = Setting.of("server_tls.key_password", SettingType.SECRET,
            null, RELOAD, "Passphrase of an encrypted `server_tls.key_file`.");
    public static final Setting SERVER_TLS_PROTOCOLS = Setting.of("server_tls.protocols", SettingType.TLS_PROTOCOLS,
            "TLSv1.2, TLSv1.3", RELOAD, "TLS versions offered to PostgreSQL.");
    public static final Setting SERVER_TLS_CIPHERS = Setting.of("server_tls.ciphers", SettingType.TEXT, "", RELOAD,
            "Cipher suites offered to PostgreSQL, comma-separated; empty keeps the provider's secure defaults.");
    public static final Setting SERVER_TLS_PROVIDER = Setting.of("server_tls.provider", SettingType.TLS_PROVIDER,
            "auto", RELOAD, "TLS implementation towards PostgreSQL, as `client_tls.provider`.");

    public static final Setting HBA_DATABASE = Setting.of("hba.*.database", SettingType.NAMES, "all", RELOAD,
            "Access rule: database names it applies to (`all`, a name, or a list); the admin console's"
                    + " `sluice` and `pgbouncer` are matched by name like any other.");
    public static final Setting HBA_USER = Setting.of("hba.*.user", SettingType.NAMES, "all", RELOAD,
            "Access rule: user names it applies to (`all`, a name, or a list).");
    public static final Setting HBA_SOURCE = Setting.of("hba.*.source", SettingType.ADDRESS_RANGE, "all", RELOAD,
            "Access rule: client addresses it applies to: `all`, an address, or a range (`10.0.0.0/8`,"
                    + " `2001:db8::/32`), which match TCP clients; or `local`, clients on"
                    + " `listen.unix_socket_dir`'s socket (`all` matches those too).");
    public static final Setting HBA_TLS = Setting.of("hba.*.tls", SettingType.HBA_TLS, "optional", RELOAD,
            "Access rule: `required` matches only clients connected with TLS; `optional` matches both.");
    public static final Setting HBA_METHOD = Setting.of("hba.*.method", SettingType.HBA_METHOD, null, RELOAD,
            "Access rule, required: how matching clients authenticate, in place of `auth.type`; `reject`"
                    + " refuses them. The first rule that matches decides; a client no rule matches is refused"
                    + " with 28000. Without an `hba` list every client may try `auth.type`.");

    public static final Setting DATABASE_HOST = Setting.of("databases.*.host", SettingType.STRING, "127.0.0.1",
            RELOAD, "Host name or address of the PostgreSQL server; or, starting with `/`, the directory of its"
                    + " Unix-domain socket (`<dir>/.s.PGSQL.<port>`, as libpq reads `host`), which skips TCP and"
                    + " `server_tls`.");
    public static final Setting DATABASE_PORT = new Setting("databases.*.port", SettingType.INTEGER, "5432", RELOAD,
            1, 65535, "Port of the PostgreSQL server.");
    public static final Setting DATABASE_DBNAME = Setting.of("databases.*.dbname", SettingType.STRING, null,
            RELOAD, "Database name on the server; defaults to the entry's name.");
    public static final Setting DATABASE_POOL_SIZE = new Setting("databases.*.pool_size", SettingType.INTEGER,
            null, RELOAD, 1, 10_000, "Server connections per user for this database; defaults to `pool.size`.");
    public static final Setting DATABASE_POOL_MODE = Setting.of("databases.*.pool_mode", SettingType.POOL_MODE,
            null, RELOAD, "Pool mode for this database; defaults to `pool.mode`.");
    public static final Setting DATABASE_SERVER_USER = Setting.of("databases.*.server_user", SettingType.STRING,
            null, RELOAD,
            "Log into PostgreSQL as this user instead of the client's user (PgBouncer `user=`).");
    public static final Setting DATABASE_SERVER_PASSWORD = Setting.of("databases.*.server_password",
            SettingType.SECRET, null, RELOAD,
            "Password of `server_user` on PostgreSQL (PgBouncer `password=`); needs `server_user`.");

    public static final Setting USER_PASSWORD = Setting.of("users.*.password", SettingType.SECRET, null, RELOAD,
            "The user's password: plain text, an md5 hash (`md5` + 32 hex digits) or a SCRAM verifier"
                    + " (`SCRAM-SHA-256$...`); required unless `auth.type` is `trust` or `auth.user` is set (then a"
                    + " user without one is looked up with `auth.query`).");

    public static final Setting METRICS_ENABLED = Setting.of("metrics.enabled", SettingType.BOOLEAN, "true", RESTART,
            "Serve Prometheus metrics and health checks on a separate HTTP listener (`/metrics`, `/healthz`,"
                    + " `/readyz`); `false` opens no port.");
    public static final Setting METRICS_HOST = Setting.of("metrics.host", SettingType.STRING, "127.0.0.1", RESTART,
            "Address of the metrics listener; `0.0.0.0` or `::` for every interface.");
    public static final Setting METRICS_PORT = new Setting("metrics.port", SettingType.INTEGER, "9127", RESTART,
            0, 65535, "TCP port of the metrics listener; `0` picks a free port.");

    private static final List<Setting> ALL = List.of(
            LISTEN_HOST, LISTEN_PORT, LISTEN_CLIENT_LOGIN_TIMEOUT, LISTEN_MAX_PACKET_SIZE,
            LISTEN_MAX_CLIENT_CONN_PER_ADDRESS, LISTEN_UNIX_SOCKET_DIR,
            POOL_MODE, POOL_SIZE, POOL_MAX_CLIENT_CONN, POOL_QUERY_WAIT_TIMEOUT, POOL_SERVER_CONNECT_TIMEOUT,
            POOL_SERVER_IDLE_TIMEOUT, POOL_SERVER_LIFETIME, POOL_SERVER_RESET_QUERY, POOL_SERVER_RESET_TIMEOUT,
            POOL_QUERY_WAIT_NOTIFY, POOL_MIN_POOL_SIZE, POOL_SERVER_LOGIN_RETRY, POOL_CLIENT_IDLE_TIMEOUT,
            POOL_IDLE_TRANSACTION_TIMEOUT, POOL_QUERY_TIMEOUT, POOL_SERVER_CHECK_DELAY, POOL_SERVER_CHECK_QUERY,
            POOL_RESERVE_POOL_SIZE, POOL_RESERVE_POOL_TIMEOUT, POOL_MAX_DB_CONNECTIONS, POOL_MAX_USER_CONNECTIONS,
            POOL_MAX_PREPARED_STATEMENTS, POOL_MAX_CLIENT_PREPARED_STATEMENTS,
            AUTH_TYPE, AUTH_QUERY, AUTH_USER, AUTH_DATABASE, AUTH_QUERY_MAX_CONNECTIONS, AUTH_QUERY_CACHE_TTL,
            AUTH_QUERY_NEGATIVE_CACHE_TTL, AUTH_FAILURE_BACKOFF_AFTER, AUTH_FAILURE_WINDOW, AUTH_FAILURE_BACKOFF,
            AUTH_FAILURE_BACKOFF_MAX,
            ADMIN_USERS, ADMIN_STATS_USERS, ADMIN_STATS_PERIOD,
            PROCESS_LOG_FORMAT, PROCESS_LOG_CONNECTIONS, PROCESS_EVENT_LOOPS, PROCESS_TRANSPORT,
            PROCESS_SHUTDOWN_TIMEOUT,
            CLIENT_TLS_MODE, CLIENT_TLS_CERT_FILE, CLIENT_TLS_KEY_FILE, CLIENT_TLS_KEY_PASSWORD, CLIENT_TLS_CA_FILE,
            CLIENT_TLS_PROTOCOLS, CLIENT_TLS_CIPHERS, CLIENT_TLS_PROVIDER,
            SERVER_TLS_MODE, SERVER_TLS_CA_FILE, SERVER_TLS_CERT_FILE, SERVER_TLS_KEY_FILE, SERVER_TLS_KEY_PASSWORD,
            SERVER_TLS_PROTOCOLS, SERVER_TLS_CIPHERS, SERVER_TLS_PROVIDER,
            HBA_DATABASE, HBA_USER, HBA_SOURCE, HBA_TLS, HBA_METHOD,
            DATABASE_HOST, DATABASE_PORT, DATABASE_DBNAME, DATABASE_POOL_SIZE, DATABASE_POOL_MODE,
            DATABASE_SERVER_USER, DATABASE_SERVER_PASSWORD,
            USER_PASSWORD,
            METRICS_ENABLED, METRICS_HOST, METRICS_PORT);

    private Settings() {
    }

    /** Every setting, in reference order. */
    public static List<Setting> all() {
        return ALL;
    }

    /** The settings directly under {@code parent} ({@code pool}, {@code databases.*}), in table order. */
    static List<Setting> under(String parent) {
        return ALL.stream().filter(s -> s.parent().equals(parent)).toList();
    }
}
