package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.sluice.proxy.Sluice;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slowloris and floods: connections that connect and never finish logging in are closed by
 * {@code listen.client_login_timeout}; {@code pool.max_client_conn} and {@code listen.max_client_conn_per_address}
 * hold under a flood; and an established client keeps getting answers throughout. Only functional properties are
 * asserted; the latencies seen by the established client are printed for the record.
 */
@ExtendWith(PostgresExtension.class)
class FloodIT {

    private static final int FLOOD = 200;
    private static final int BURST = 1500;

    @Test
    void halfOpenFloodIsClosedByTheLoginTimeoutAndDoesNotStopAnEstablishedClient(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 2, "").replace("client_login_timeout: 10s",
                "client_login_timeout: 4s");
        try (Sluice sluice = ItEnv.start(yaml); Connection established = ItEnv.connect(sluice)) {
            Latencies before = queries(established, 200);
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < FLOOD; i++) {
                    Socket s = new Socket("127.0.0.1", sluice.port());
                    s.setSoTimeout(15_000);
                    if (i % 2 == 1) {
                        // Half a startup packet: length 40, protocol 3.0, then silence.
                        s.getOutputStream().write(new byte[] {0, 0, 0, 40, 0, 3, 0, 0, 'u', 's'});
                        s.getOutputStream().flush();
                    }
                    flood.add(s);
                }
                Latencies during = queries(established, 200);
                try (Connection newcomer = ItEnv.connect(sluice)) {
                    assertEquals(2, queries(newcomer, 2).count, "a new client logs in during the flood");
                }
                for (Socket s : flood) {
                    WireReplies replies = WireReplies.untilClosed(s.getInputStream());
                    assertTrue(replies.closed(), replies.toString());
                    assertEquals("08P01", replies.errors().get(0).sqlState(), replies.toString());
                    assertTrue(replies.errors().get(0).message().contains("client_login_timeout"), replies.toString());
                }
                Latencies after = queries(established, 200);
                System.out.printf("[flood] established client, 200 queries each: before %s; during %d half-open"
                        + " connections %s; after %s%n", before, FLOOD, during, after);
            } finally {
                closeAll(flood);
            }
        }
    }

    @Test
    void maxClientConnHoldsUnderAFloodOfLogins(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        int max = 20;
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, "transaction", 2, ", max_client_conn: " + max)
                .replace("client_login_timeout: 10s", "client_login_timeout: 30s"));
             Connection established = ItEnv.connect(sluice)) {
            List<Socket> flood = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < 2 * max; i++) {
                    try {
                        flood.add(RawClient.login(sluice.port(), ItEnv.APP_USER, "app", ItEnv.APP_PASSWORD));
                    } catch (IOException e) {
                        assertTrue(e.getMessage().contains("53300"), e.getMessage());
                        refused++;
                    }
                }
                assertEquals(max - 1, flood.size(), "logged in beside the established client");
                assertEquals(max + 1, refused, "refused with 53300");
                assertEquals(50, queries(established, 50).count, "the established client still works");
            } finally {
                closeAll(flood);
            }
        }
    }

    @Test
    void perAddressLimitRefusesAtOnceAndFreesOnClose(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 2, "").replace("client_login_timeout: 10s",
                "client_login_timeout: 30s, max_client_conn_per_address: 5");
        try (Sluice sluice = ItEnv.start(yaml); Connection established = ItEnv.connect(sluice)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket("127.0.0.1", sluice.port());
                    idle.add(socket);
                    // An SSLRequest answered means Sluice has accepted and counted this connection, so the
                    // extra ones below cannot overtake it on a busy machine.
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(new byte[] {0, 0, 0, 8, 4, (byte) 210, 22, 47});
                    socket.getOutputStream().flush();
                    assertEquals('N', socket.getInputStream().read());
                }
                for (int i = 0; i < 20; i++) {
                    try (Socket extra = new Socket("127.0.0.1", sluice.port())) {
                        extra.setSoTimeout(10_000);
                        WireReplies replies = WireReplies.untilClosed(extra.getInputStream());
                        assertEquals("53300", replies.errors().get(0).sqlState(), replies.toString());
                        assertTrue(replies.errors().get(0).message().contains("max_client_conn_per_address"),
                                replies.toString());
                    }
                }
                assertEquals(20, queries(established, 20).count, "the established client still works");
                idle.remove(0).close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    // The closed socket's slot is freed once Sluice has seen the close.
                    try (Connection again = ItEnv.connect(sluice)) {
                        assertEquals(1, queries(again, 1).count);
                        break;
                    } catch (SQLException e) {
                        assertTrue(e.getSQLState().equals("53300") && System.nanoTime() < deadline, e.toString());
                        Thread.sleep(20);
                    }
                }
            } finally {
                closeAll(idle);
            }
        }
    }

    /**
     * A transaction-mode client logs in from the servers' parameters, so until the pool's first server has logged
     * in, every client waits for one to log in. Here {@value #BURST} of them wait on one event loop for a pool of one
     * server, which then serves them one after another. Each of those hand-overs once ran inside the one before
     * (the first client gave the server back to the second, and so on), until the loop's stack overflowed and clients
     * were lost (in storms of 2 000, a few were then never answered).
     */
    @Test
    void aBurstOfLoginsBeforeThePoolsFirstServerAllLogIn(TestPostgres pg) throws Exception {
        // Both ends of every connection are in this JVM (the JVM raises its open-file limit to the hard one).
        assumeTrue(!(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os)
                || os.getMaxFileDescriptorCount() > 2 * BURST + 500, "too few file descriptors for the burst");
        ItEnv.prepare(pg);
        String yaml = ItEnv.config(pg, "transaction", 1, "").replace("scram-sha-256", "trust")
                .replace("client_login_timeout: 10s", "client_login_timeout: 60s")
                + "process: { event_loops: 1 }\n";
        try (Sluice sluice = ItEnv.start(yaml)) {
            // Paused, the pool opens no server, so every login below queues before the first one is served.
            sluice.pools().pause("app", false);
            List<Socket> burst = new ArrayList<>();
            try {
                for (int i = 0; i < BURST; i++) {
                    burst.add(RawClient.startLogin(sluice.port(), ItEnv.APP_USER, "app"));
                }
                Await.until(Duration.ofSeconds(30), "all " + BURST + " logins queued",
                        () -> waiting(sluice) == BURST);
                sluice.pools().resume("app");
                for (Socket s : burst) {
                    RawClient.finishLogin(s, ItEnv.APP_PASSWORD);
                }
                try (Connection after = ItEnv.connect(sluice, "app", ItEnv.APP_USER, "", new Properties())) {
                    assertEquals(3, queries(after, 3).count, "the pool still has its server");
                }
            } finally {
                closeAll(burst);
            }
        }
    }

    private static int waiting(Sluice sluice) {
        return sluice.pools().of("app").stream().mapToInt(p -> p.counts().clientsWaiting()).sum();
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** Runs {@code n} small queries one after another; what they took. */
    private static Latencies queries(Connection c, int n) throws SQLException {
        long[] micros = new long[n];
        try (PreparedStatement select = c.prepareStatement("SELECT ?::int")) {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                select.setInt(1, i);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                }
                micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        return new Latencies(micros);
    }

    /** Query latencies, summarised as median and worst. */
    private static final class Latencies {
        final int count;
        final long median;
        final long max;

        Latencies(long[] micros) {
            long[] sorted = micros.clone();
            java.util.Arrays.sort(sorted);
            count = sorted.length;
            median = sorted[sorted.length / 2];
            max = sorted[sorted.length - 1];
        }

        @Override
        public String toString() {
            return "median " + median + " us, max " + max + " us";
        }
    }
}
