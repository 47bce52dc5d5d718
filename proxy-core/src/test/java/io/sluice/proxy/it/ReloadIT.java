package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.ConfigLoader;
import io.sluice.proxy.Sluice;
import io.sluice.proxy.pool.Pool;
import io.sluice.testing.Await;
import io.sluice.testing.PostgresExtension;
import io.sluice.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** RELOAD re-reads the file: databases added and removed, pool sizes changed, under load, nothing failing. */
@ExtendWith(PostgresExtension.class)
class ReloadIT {

    private static final String USER = "reload_it_user";
    private static final int WORKERS = 8;

    @TempDir
    Path dir;
    private Path file;
    private Sluice sluice;
    private String base;

    @BeforeEach
    void start(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        if (ItEnv.sessionsOf(pg, USER) == 0) {
            try {
                ItEnv.dedicatedRole(pg, USER);
            } catch (SQLException e) {
                // created by an earlier test of this class
            }
        }
        base = ItEnv.withUser(ItEnv.config(pg, "transaction", 2, ""), USER) + AdminClient.USERS;
        file = dir.resolve("sluice.yaml");
        Files.writeString(file, base, StandardCharsets.UTF_8);
        sluice = Sluice.start(ConfigLoader.load(file), () -> ConfigLoader.load(file));
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    private Connection connect(String database) throws SQLException {
        return ItEnv.connect(sluice, database, USER, ItEnv.APP_PASSWORD, new Properties());
    }

    @Test
    void addingADatabaseAndGrowingThePoolUnderLoadFailsNoTransaction() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<Integer>> workers = new ArrayList<>();
        try (AdminClient admin = AdminClient.admin(sluice)) {
            for (int i = 0; i < WORKERS; i++) {
                workers.add(pool.submit(() -> {
                    int failures = 0;
                    try (Connection c = connect("app"); Statement s = c.createStatement()) {
                        c.setAutoCommit(false);
                        while (running.get()) {
                            try {
                                s.execute("SELECT pg_sleep(0.005)");
                                c.commit();
                                committed.incrementAndGet();
                            } catch (SQLException e) {
                                failures++;
                                c.rollback();
                            }
                        }
                    }
                    return failures;
                }));
            }
            Await.until(Duration.ofSeconds(30), "transactions under way", () -> committed.get() > WORKERS);
            assertEquals("2", admin.pool("app", USER).get("pool_size"));

            String grown = base.replace("size: 2,", "size: 4,").replace("databases:\n",
                    "databases:\n  app2: { host: " + host() + ", port: " + port() + ", dbname: " + ItEnv.APP_DB
                            + " }\n");
            Files.writeString(file, grown, StandardCharsets.UTF_8);
            List<String> notices = reload(admin);
            assertTrue(notices.stream().anyMatch(n -> n.contains("database app2 added")), notices.toString());
            assertTrue(notices.stream().anyMatch(n -> n.contains("pool.size: 2 -> 4")), notices.toString());

            // RELOAD answers once the new configuration is in force.
            assertEquals("4", admin.pool("app", USER).get("pool_size"));
            try (Connection c = connect("app2"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertEquals(ItEnv.APP_DB, rs.getString(1));
            }
            int before = committed.get();
            Await.until(Duration.ofSeconds(30), "transactions go on after the reload",
                    () -> committed.get() > before + WORKERS);
        } finally {
            running.set(false);
        }
        for (Future<Integer> worker : workers) {
            assertEquals(0, worker.get(30, TimeUnit.SECONDS), "failed transactions");
        }
        pool.shutdown();
    }

    @Test
    void aBrokenFileIsRefusedWholeAndTheRunningConfigurationStays() throws Exception {
        try (AdminClient admin = AdminClient.admin(sluice)) {
            Files.writeString(file, base.replace("size: 2,", "size: -1,").replace("databases:\n",
                    "databases:\n  app3: { port: 99999 }\n"), StandardCharsets.UTF_8);
            SQLException refused = assertThrows(SQLException.class, () -> admin.run("RELOAD"));
            assertTrue(refused.getMessage().contains("not reloaded"), refused.getMessage());
            assertTrue(refused.getMessage().contains("2 problem(s)"), refused.getMessage());
            assertTrue(admin.rows("SHOW DATABASES").stream().noneMatch(r -> r.get("name").equals("app3")));
            try (Connection c = connect("app"); Statement s = c.createStatement()) {
                assertTrue(s.execute("SELECT 1"));
            }
        }
    }

    @Test
    void aRemovedDatabaseDrainsItsClientsAfterTheirTransaction() throws Exception {
        String withApp2 = base.replace("databases:\n", "databases:\n  app2: { host: " + host() + ", port: "
                + port() + ", dbname: " + ItEnv.APP_DB + " }\n");
        Files.writeString(file, withApp2, StandardCharsets.UTF_8);
        try (AdminClient admin = AdminClient.admin(sluice)) {
            reload(admin);
            try (Connection c = connect("app2"); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("SELECT 1");
                Files.writeString(file, base, StandardCharsets.UTF_8);
                List<String> notices = reload(admin);
                assertTrue(notices.contains("database app2 removed"), notices.toString());
                // The open transaction finishes on its server...
                s.execute("SELECT 2");
                c.commit();
                // ...then the client is told and closed.
                SQLException gone = assertThrows(SQLException.class, () -> s.execute("SELECT 3"));
                assertTrue(gone.getMessage().contains("removed") || "57P01".equals(gone.getSQLState())
                        || "08003".equals(gone.getSQLState()) || "08006".equals(gone.getSQLState()),
                        gone.getSQLState() + " " + gone.getMessage());
            }
            SQLException unknown = assertThrows(SQLException.class, () -> connect("app2").close());
            assertEquals("3D000", unknown.getSQLState());
        }
    }

    @Test
    void sessionModeClientsOfARemovedDatabaseCloseBetweenTransactions() throws Exception {
        String withApp2 = base.replace("databases:\n", "databases:\n  app2: { host: " + host() + ", port: "
                + port() + ", dbname: " + ItEnv.APP_DB + ", pool_mode: session }\n");
        Files.writeString(file, withApp2, StandardCharsets.UTF_8);
        try (AdminClient admin = AdminClient.admin(sluice)) {
            reload(admin);
            try (Connection idle = connect("app2"); Connection busy = connect("app2");
                 Statement i = idle.createStatement(); Statement b = busy.createStatement()) {
                i.execute("SELECT 1");
                busy.setAutoCommit(false);
                b.execute("SELECT 1");
                Pool app2 = sluice.pools().of("app2").get(0);
                Files.writeString(file, base, StandardCharsets.UTF_8);
                reload(admin);
                Await.until(Duration.ofSeconds(10), "the idle client closed", () -> app2.members().size() == 1);
                assertThrows(SQLException.class, () -> i.execute("SELECT 1"), "closed between transactions");
                b.execute("SELECT 2");
                busy.commit();
                assertThrows(SQLException.class, () -> b.execute("SELECT 3"), "closed after its transaction");
            }
        }
    }

    private static List<String> reload(AdminClient admin) throws SQLException {
        List<String> notices = new ArrayList<>();
        try (Statement s = admin.connection().createStatement()) {
            s.execute("RELOAD");
            for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
        }
        return notices;
    }

    private static String host() {
        return PostgresExtension.server().host();
    }

    private static int port() {
        return PostgresExtension.server().port();
    }

}
