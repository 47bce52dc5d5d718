package io.sluice.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.protocol.SqlState;
import io.sluice.proxy.stats.ProxyStats.CancelOutcome;
import io.sluice.proxy.stats.ProxyStats.LoginFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class FailureReasonsTest {

    @Test
    void connectFailuresByCause() {
        assertEquals(ConnectFailure.REFUSED, ConnectFailure.ofConnect(new ConnectException("refused")));
        assertEquals(ConnectFailure.UNRESOLVED, ConnectFailure.ofConnect(new UnknownHostException("nowhere")));
        assertEquals(ConnectFailure.UNRESOLVED,
                ConnectFailure.ofConnect(new IOException("wrapped", new UnknownHostException("nowhere"))));
        assertEquals(ConnectFailure.NETWORK, ConnectFailure.ofConnect(new IOException("no route to host")));
        assertEquals(ConnectFailure.NETWORK, ConnectFailure.ofConnect(null));
        // Netty wraps the failed socket() as "Unable to create Channel", around the call's own error.
        assertEquals(ConnectFailure.NO_DESCRIPTORS, ConnectFailure.ofConnect(new IOException(
                "Unable to create Channel from class EpollSocketChannel",
                new IOException("newSocketStream(..) failed: Too many open files"))));
        assertEquals(ConnectFailure.NO_DESCRIPTORS,
                ConnectFailure.ofConnect(new IOException("accept(..) failed: Too many open files in system")));
    }

    @Test
    void loginFailuresOfPostgresBySqlState() {
        assertEquals(ConnectFailure.TOO_MANY_CONNECTIONS, ConnectFailure.ofLogin(SqlState.TOO_MANY_CONNECTIONS));
        assertEquals(ConnectFailure.UNKNOWN_DATABASE, ConnectFailure.ofLogin(SqlState.INVALID_CATALOG_NAME));
        assertEquals(ConnectFailure.LOGIN, ConnectFailure.ofLogin(SqlState.CONNECTION_FAILURE));
        assertEquals(ConnectFailure.LOGIN, ConnectFailure.ofLogin(null));
    }

    @Test
    void refusedClientLoginsBySqlState() {
        assertEquals(LoginFailure.AUTH, LoginFailure.of(SqlState.INVALID_PASSWORD));
        assertEquals(LoginFailure.AUTH, LoginFailure.of(SqlState.INVALID_AUTHORIZATION));
        assertEquals(LoginFailure.UNKNOWN_DATABASE, LoginFailure.of(SqlState.INVALID_CATALOG_NAME));
        assertEquals(LoginFailure.TOO_MANY_CLIENTS, LoginFailure.of(SqlState.TOO_MANY_CONNECTIONS));
        assertEquals(LoginFailure.SHUTDOWN, LoginFailure.of(SqlState.ADMIN_SHUTDOWN));
        assertEquals(LoginFailure.PROTOCOL, LoginFailure.of(SqlState.PROTOCOL_VIOLATION));
        assertEquals(LoginFailure.PROTOCOL, LoginFailure.of(null));
    }

    @Test
    void proxyStatsCountEachKindApart() {
        ProxyStats stats = new ProxyStats();
        stats.loginFailed(LoginFailure.AUTH);
        stats.loginFailed(LoginFailure.AUTH);
        stats.cancel(CancelOutcome.FORWARDED);

        assertEquals(2, stats.loginFailures(LoginFailure.AUTH));
        assertEquals(0, stats.loginFailures().get(LoginFailure.TIMEOUT));
        assertEquals(1, stats.cancels(CancelOutcome.FORWARDED));
        assertEquals(0, stats.cancels(CancelOutcome.UNKNOWN_KEY));
    }

    @Test
    void labelValuesAreTheSettingNames() {
        assertEquals("query_wait_timeout", Timeout.QUERY_WAIT.setting());
        assertEquals("client_login_timeout", Timeout.CLIENT_LOGIN.setting());
        assertEquals("too_many_connections", ConnectFailure.TOO_MANY_CONNECTIONS.reason());
    }
}
