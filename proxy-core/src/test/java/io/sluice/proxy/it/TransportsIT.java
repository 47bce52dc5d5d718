package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.sluice.config.IoTransport;
import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every socket implementation this machine can use ({@code process.transport}) carries the same traffic the
 * other integration tests send through the default one: many clients' transactions on a small transaction-mode
 * pool with server-side prepared statements, a value of several megabytes both ways, and a client that vanishes
 * inside a transaction without leaving its lock behind.
 */
@ExtendWith(PostgresExtension.class)
class TransportsIT {

    private static final int CLIENTS = 40;
    private static final int TRANSACTIONS_PER_CLIENT = 25;

    static Stream<IoTransport> usableTransports() {
        List<IoTransport> usable = new ArrayList<>(List.of(IoTransport.NIO));
        if (Epoll.isAvailable()) {
            usable.add(IoTransport.EPOLL);
        }
        if (IoUring.isAvailable()) {
            usable.add(IoTransport.IO_URING);
        }
        return usable.stream();
    }

    @ParameterizedTest
    @MethodSource("usableTransports")
    void carriesTransactionsLargeValuesAndAbortedClients(IoTransport transport, TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String table = "transport_" + transport.configName();
        String yaml = ItEnv.config(pg, "transaction", 4, "") + "process: { event_loops: 2, transport: "
                + transport.configName() + " }\n";
        try (Sluice sluice = ItEnv.start(yaml)) {
            assertEquals(transport.configName(), sluice.transport());
            try (Connection c = connect(sluice); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " (id int primary key, n bigint not null, b bytea)");
                s.execute("INSERT INTO " + table + " SELECT g, 0 FROM generate_series(1, " + CLIENTS + ") g");
            }
            incrementConcurrently(sluice, table);
            try (Connection c = connect(sluice); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sum(n), count(*) FILTER (WHERE n = "
                         + TRANSACTIONS_PER_CLIENT + ") FROM " + table)) {
                assertTrue(rs.next());
                assertEquals((long) CLIENTS * TRANSACTIONS_PER_CLIENT, rs.getLong(1), "every commit counted once");
                assertEquals(CLIENTS, rs.getInt(2));
            }
            largeValueCrossesBothWays(sluice, table);
            abortedClientLeavesNoLock(sluice, table);
        }
    }

    /** Each client adds 1 to its own row, one transaction at a time, with statements pgjdbc prepares at once. */
    private static void incrementConcurrently(Sluice sluice, String table) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= CLIENTS; i++) {
                int id = i;
                done.add(threads.submit(() -> {
                    try (Connection c = connect(sluice);
                         PreparedStatement read = c.prepareStatement("SELECT n FROM " + table
                                 + " WHERE id = ? FOR UPDATE");
                         PreparedStatement write = c.prepareStatement("UPDATE " + table + " SET n = ? WHERE id = ?")) {
                        c.setAutoCommit(false);
                        for (int n = 0; n < TRANSACTIONS_PER_CLIENT; n++) {
                            read.setInt(1, id);
                            long value;
                            try (ResultSet rs = read.executeQuery()) {
                                assertTrue(rs.next());
                                value = rs.getLong(1);
                            }
                            write.setLong(1, value + 1);
                            write.setInt(2, id);
                            assertEquals(1, write.executeUpdate());
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static void largeValueCrossesBothWays(Sluice sluice, String table) throws SQLException {
        byte[] value = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(value);
        try (Connection c = connect(sluice)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET b = ? WHERE id = 1")) {
                ps.setBytes(1, value);
                assertEquals(1, ps.executeUpdate());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT b FROM " + table
                    + " WHERE id = 1")) {
                assertTrue(rs.next());
                assertArrayEquals(value, rs.getBytes(1));
            }
        }
    }

    /** The client closes its socket while holding a row lock; the next one takes the lock at once. */
    private static void abortedClientLeavesNoLock(Sluice sluice, String table) throws SQLException {
        Connection dirty = connect(sluice);
        dirty.setAutoCommit(false);
        try (Statement s = dirty.createStatement()) {
            s.execute("UPDATE " + table + " SET n = -1 WHERE id = 2");
        }
        dirty.abort(Runnable::run);
        try (Connection next = connect(sluice); Statement s = next.createStatement()) {
            next.setAutoCommit(false);
            s.execute("SET LOCAL lock_timeout = '5s'");
            try (ResultSet rs = s.executeQuery("SELECT n FROM " + table + " WHERE id = 2 FOR UPDATE")) {
                assertTrue(rs.next());
                assertEquals(TRANSACTIONS_PER_CLIENT, rs.getLong(1), "the aborted update was rolled back");
            }
            next.commit();
        }
    }

    private static Connection connect(Sluice sluice) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
    }
}
