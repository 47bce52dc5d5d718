package io.sluice.proxy.pool;

/**
 * One client or server connection as {@code SHOW CLIENTS} and {@code SHOW SERVERS} show it (PgBouncer's columns).
 * A snapshot taken on request; fields that do not apply are empty or 0.
 *
 * @param type {@code C} for a client, {@code S} for a server
 * @param state {@code active}, {@code waiting}, {@code idle}, {@code used}, {@code login}
 * @param connectMillis when it connected, epoch milliseconds
 * @param requestMillis when it last sent or received a request, epoch milliseconds
 * @param waitNanos how long it has been waiting for a server, 0 when not waiting
 * @param link the id of the connection it is paired with, 0 when none
 * @param remotePid PostgreSQL's backend process id for servers; the cancel key's process id for clients
 */
public record ConnectionInfo(char type, long id, String user, String database, String state, String addr,
                             int port, String localAddr, int localPort, long connectMillis, long requestMillis,
                             long waitNanos, boolean closeNeeded, long link, int remotePid, String tls,
                             String applicationName, int preparedStatements) {
}
