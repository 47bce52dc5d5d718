package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invariant a pooler must never break: 500 clients on a pool of 10 move money between 1 000 accounts, some
 * transactions rolled back on purpose; afterwards the total is unchanged and exactly the transfers the clients saw
 * committed exist.
 */
@ExtendWith(PostgresExtension.class)
class MoneyTransferIT {

    private static final int CLIENTS = 500;
    private static final int ACCOUNTS = 1000;
    private static final int TRANSFERS_PER_CLIENT = 6;
    private static final long TOTAL = 1000L * ACCOUNTS;

    @Test
    void transactionModeKeepsTheTotal(TestPostgres pg) throws Exception {
        run(pg, "transaction", false);
    }

    @Test
    void statementModeWithSingleStatementTransfers(TestPostgres pg) throws Exception {
        run(pg, "statement", true);
    }

    private static void run(TestPostgres pg, String mode, boolean singleStatement) throws Exception {
        ItEnv.prepare(pg);
        String table = "accounts_" + mode;
        String log = "transfers_" + mode;
        try (Sluice sluice = ItEnv.start(ItEnv.config(pg, mode, 10, ""))) {
            try (Connection c = connect(sluice); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table + ", " + log);
                s.execute("CREATE TABLE " + table + " (id int primary key, balance bigint not null)");
                s.execute("CREATE TABLE " + log + " (id bigserial primary key, client int, n int)");
                s.execute("INSERT INTO " + table + " SELECT g, 1000 FROM generate_series(1, " + ACCOUNTS + ") g");
            }
            AtomicInteger committed = new AtomicInteger();
            List<Connection> clients = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(40);
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(connect(sluice));
                }
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Connection c = clients.get(i);
                    int client = i;
                    done.add(threads.submit(() -> {
                        SplittableRandom random = new SplittableRandom(client);
                        for (int n = 0; n < TRANSFERS_PER_CLIENT; n++) {
                            int from = 1 + random.nextInt(ACCOUNTS);
                            int to = 1 + random.nextInt(ACCOUNTS);
                            long amount = 1 + random.nextInt(50);
                            boolean rollBack = !singleStatement && random.nextInt(10) == 0;
                            if (transfer(c, table, log, client, n, from, to, amount, rollBack, singleStatement)) {
                                committed.incrementAndGet();
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
                for (Connection c : clients) {
                    c.close();
                }
            }
            try (Connection c = pg.connectAsSuperUser(ItEnv.APP_DB); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT sum(balance) FROM " + table + "), "
                         + "(SELECT count(*) FROM " + log + ")")) {
                assertTrue(rs.next());
                assertEquals(TOTAL, rs.getLong(1), "money was created or destroyed");
                assertEquals(committed.get(), rs.getInt(2), "committed transfers differ from what clients saw");
                assertTrue(committed.get() > CLIENTS, "most transfers commit: " + committed.get());
            }
        }
    }

    /** One transfer; true when the client saw it commit. Locks accounts in id order, so no deadlock. */
    private static boolean transfer(Connection c, String table, String log, int client, int n, int from, int to,
            long amount, boolean rollBack, boolean singleStatement) throws SQLException {
        if (singleStatement) {
            try (PreparedStatement ps = c.prepareStatement("WITH moved AS (UPDATE " + table
                    + " SET balance = balance + CASE WHEN id = ? THEN -?::bigint ELSE ?::bigint END "
                    + "WHERE id IN (?, ?) AND ? <> ? RETURNING 1) INSERT INTO " + log
                    + " (client, n) SELECT ?, ? WHERE (SELECT count(*) FROM moved) = 2")) {
                ps.setInt(1, from);
                ps.setLong(2, amount);
                ps.setLong(3, amount);
                ps.setInt(4, from);
                ps.setInt(5, to);
                ps.setInt(6, from);
                ps.setInt(7, to);
                ps.setInt(8, client);
                ps.setInt(9, n);
                return ps.executeUpdate() == 1;
            }
        }
        if (from == to) {
            return false;
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int first = Math.min(from, to);
            int second = Math.max(from, to);
            s.execute("SELECT balance FROM " + table + " WHERE id IN (" + first + ", " + second
                    + ") ORDER BY id FOR UPDATE");
            s.execute("UPDATE " + table + " SET balance = balance - " + amount + " WHERE id = " + from);
            s.execute("UPDATE " + table + " SET balance = balance + " + amount + " WHERE id = " + to);
            s.execute("INSERT INTO " + log + " (client, n) VALUES (" + client + ", " + n + ")");
            if (rollBack) {
                c.rollback();
                return false;
            }
            c.commit();
            return true;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static Connection connect(Sluice sluice) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        return ItEnv.connect(sluice, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props);
    }
}
