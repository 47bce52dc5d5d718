package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.proxy.Sluice;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A CancelRequest reaches the server running that client's query, and no other. */
@ExtendWith(PostgresExtension.class)
class CancelIT {

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        sluice = ItEnv.start(ItEnv.config(pg, 4, ""));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void cancelStopsOnlyTheTargetedQuery() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection victim = ItEnv.connect(sluice); Connection bystander = ItEnv.connect(sluice);
             Statement sleeping = victim.createStatement(); Statement other = bystander.createStatement()) {
            // 1. The bystander starts a 1.5 s query; the victim starts a 10 s one.
            CompletableFuture<Integer> bystanderResult = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rs = other.executeQuery("SELECT 5 FROM pg_sleep(1.5)")) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            CompletableFuture<SQLException> victimResult = CompletableFuture.supplyAsync(
                    () -> assertThrows(SQLException.class, () -> sleeping.execute("SELECT pg_sleep(10)")), threads);
            waitUntilSleeping(2);
            // 2. Cancel the victim through Sluice (pgjdbc sends a CancelRequest with Sluice's key).
            long start = System.nanoTime();
            sleeping.cancel();
            SQLException cancelled = victimResult.get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("57014", cancelled.getSQLState());
            assertTrue(millis < 2000, "cancel took " + millis + " ms");
            // 3. The bystander's query was not touched.
            assertEquals(5, bystanderResult.get(10, TimeUnit.SECONDS));
            // 4. The victim's connection is still usable.
            try (ResultSet rs = sleeping.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void inTransactionModeOnlyTheTargetedQueryOfFiftyIsCancelled(TestPostgres pg) throws Exception {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "0");
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Connection> clients = new ArrayList<>();
        try (Sluice pooled = ItEnv.start(ItEnv.config(pg, "transaction", 5, ""))) {
            for (int i = 0; i < 50; i++) {
                clients.add(ItEnv.connect(pooled, "app", ItEnv.APP_USER, ItEnv.APP_PASSWORD, props));
            }
            // 1. Forty-nine clients run short queries in a loop on the five servers; one runs a long one.
            List<Future<Integer>> others = new ArrayList<>();
            for (Connection c : clients.subList(1, 50)) {
                others.add(threads.submit(() -> {
                    int done = 0;
                    try (Statement s = c.createStatement()) {
                        for (int i = 0; i < 10; i++) {
                            s.execute("SELECT pg_sleep(0.02)");
                            done++;
                        }
                    }
                    return done;
                }));
            }
            Statement victim = clients.get(0).createStatement();
            Future<SQLException> cancelled = threads.submit(
                    () -> assertThrows(SQLException.class, () -> victim.execute("SELECT pg_sleep(10)")));
            waitUntilSleepingLong();
            // 2. Cancel the long query: it ends with 57014, and every other client's queries all succeed.
            victim.cancel();
            assertEquals("57014", cancelled.get(5, TimeUnit.SECONDS).getSQLState());
            for (Future<Integer> f : others) {
                assertEquals(10, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
            for (Connection c : clients) {
                c.close();
            }
        }
    }

    private static void waitUntilSleepingLong() throws Exception {
        TestPostgres pg = PostgresExtension.server();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'")) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                s.execute("SELECT pg_sleep(0.02)");
            }
        }
        throw new AssertionError("the long query did not start within 10 s");
    }

    private static void waitUntilSleeping(int expected) throws Exception {
        TestPostgres pg = PostgresExtension.server();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase()); Statement s = admin.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE query LIKE '%pg_sleep%' AND state = 'active' AND pid <> pg_backend_pid()")) {
                    rs.next();
                    if (rs.getInt(1) >= expected) {
                        return;
                    }
                }
                s.execute("SELECT pg_sleep(0.02)");
            }
        }
        throw new AssertionError("the queries did not start within 10 s");
    }
}
