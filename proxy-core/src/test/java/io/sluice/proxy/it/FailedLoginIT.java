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
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failed logins through pgjdbc: an unknown user and a wrong password look the same to the client (28P01, same
 * message), and repeated failures from one address earn a backoff during which even the right password is refused
 * (28000), while clients already logged in are not disturbed; once it has passed, logins work again.
 */
@ExtendWith(PostgresExtension.class)
class FailedLoginIT {

    @Test
    void unknownUserAndWrongPasswordGetTheSameError(TestPostgres pg) throws SQLException {
        ItEnv.prepare(pg);
        try (Sluice sluice = ItEnv.start(relaxed(ItEnv.config(pg, "transaction", 2, "")))) {
            SQLException wrongPassword = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "not-the-password", new Properties()).close());
            SQLException unknownUser = assertThrows(SQLException.class,
                    () -> ItEnv.connect(sluice, "app", "nobody_at_all", ItEnv.APP_PASSWORD, new Properties()).close());
            assertEquals("28P01", wrongPassword.getSQLState());
            assertEquals("28P01", unknownUser.getSQLState());
            assertEquals(wrongPassword.getMessage().replace(ItEnv.APP_USER, "X"),
                    unknownUser.getMessage().replace("nobody_at_all", "X"));
            assertTrue(wrongPassword.getMessage().contains("password authentication failed for user"),
                    wrongPassword.getMessage());
        }
    }

    @Test
    void repeatedFailuresEarnABackoffThatPasses(TestPostgres pg) throws Exception {
        ItEnv.prepare(pg);
        String yaml = relaxed(ItEnv.config(pg, "transaction", 2, "")).replace("auth: { type: scram-sha-256 }",
                "auth: { type: scram-sha-256, failure_backoff_after: 3, failure_backoff: 3s,"
                        + " failure_backoff_max: 3s }");
        try (Sluice sluice = ItEnv.start(yaml); Connection established = ItEnv.connect(sluice)) {
            for (int i = 0; i < 2; i++) {
                assertEquals("28P01", failedLogin(sluice).getSQLState(), "below the threshold: answered at once");
            }
            // The third failure starts the backoff: its answer is held back meanwhile, so it runs beside the test.
            CompletableFuture<SQLException> third = CompletableFuture.supplyAsync(() -> failedLogin(sluice));
            SQLException refused = null;
            while (refused == null && !third.isDone()) {
                try (Connection tooEarly = ItEnv.connect(sluice)) {
                    // The third failure was not recorded yet.
                    Thread.sleep(10);
                } catch (SQLException e) {
                    refused = e;
                }
            }
            assertTrue(refused != null, "no login was refused while the third failure was held back");
            assertEquals("28000", refused.getSQLState(), refused.getMessage());
            assertTrue(refused.getMessage().contains("too many failed logins"), refused.getMessage());
            assertEquals("28P01", third.get(10, TimeUnit.SECONDS).getSQLState());
            assertSelectWorks(established);

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (Connection later = ItEnv.connect(sluice)) {
                    assertSelectWorks(later);
                    break;
                } catch (SQLException e) {
                    assertTrue("28000".equals(e.getSQLState()) && System.nanoTime() < deadline, e.toString());
                    Thread.sleep(100);
                }
            }
        }
    }

    /** A login timeout that a loaded machine cannot overrun, so every failure seen is the one under test. */
    private static String relaxed(String yaml) {
        return yaml.replace("client_login_timeout: 10s", "client_login_timeout: 30s");
    }

    private static SQLException failedLogin(Sluice sluice) {
        return assertThrows(SQLException.class,
                () -> ItEnv.connect(sluice, "app", ItEnv.APP_USER, "guess", new Properties()).close());
    }

    private static void assertSelectWorks(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
        }
    }
}
