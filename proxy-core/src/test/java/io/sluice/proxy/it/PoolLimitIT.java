package io.sluice.proxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many more clients than servers: they queue in order, all finish, and PostgreSQL never sees more than the cap. */
@ExtendWith(PostgresExtension.class)
class PoolLimitIT {

    private static final int POOL_SIZE = 10;
    private static final int CLIENTS = 200;
    /** A role of its own, so sessions other tests leave behind cannot be counted here. */
    private static final String USER = "pool_limit_user";

    private static Sluice sluice;

    @BeforeAll
    static void start(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        ItEnv.dedicatedRole(pg, USER);
        sluice = ItEnv.start(ItEnv.withUser(ItEnv.config(pg, POOL_SIZE, ""), USER));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void twoHundredClientsOnAPoolOfTen() throws Exception {
        TestPostgres pg = PostgresExtension.server();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger maxSeen = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            // A watcher samples how many sessions Sluice holds open on PostgreSQL.
            Future<?> watcher = clients.submit(() -> {
                try (Connection admin = pg.connectAsSuperUser(pg.defaultDatabase());
                     Statement s = admin.createStatement()) {
                    while (running.get()) {
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                                + "WHERE usename = '" + USER + "' AND datname = '" + ItEnv.APP_DB + "'")) {
                            rs.next();
                            maxSeen.accumulateAndGet(rs.getInt(1), Math::max);
                        }
                    }
                }
                return null;
            });
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                results.add(clients.submit(() -> {
                    try (Connection c = ItEnv.connect(sluice, "app", USER, ItEnv.APP_PASSWORD, new Properties());
                         Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT " + n + " FROM pg_sleep(0.01)")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }));
            }
            for (int i = 0; i < CLIENTS; i++) {
                assertEquals(i, results.get(i).get(120, TimeUnit.SECONDS));
            }
            running.set(false);
            watcher.get(10, TimeUnit.SECONDS);
        } finally {
            running.set(false);
            clients.shutdownNow();
        }
        assertTrue(maxSeen.get() <= POOL_SIZE, "PostgreSQL saw " + maxSeen.get() + " sessions (pool.size "
                + POOL_SIZE + ")");
        assertTrue(maxSeen.get() > 0, "the watcher saw the pool at work");
    }
}
