package io.sluice.config;

import java.time.Duration;
import java.util.List;

/**
 * Who may use the admin console (the virtual {@code sluice} database, alias {@code pgbouncer}).
 *
 * @param users users with full control: every {@code SHOW} and every control command
 * @param statsUsers users who may only run {@code SHOW} commands
 * @param statsPeriod the period {@code SHOW STATS} averages cover
 */
public record AdminConfig(List<String> users, List<String> statsUsers, Duration statsPeriod) {

    public AdminConfig {
        if (statsPeriod.isZero() || statsPeriod.isNegative()) {
            throw new IllegalArgumentException("admin.stats_period: must be positive, got " + statsPeriod);
        }
        users = List.copyOf(users);
        statsUsers = List.copyOf(statsUsers);
    }

    /** Whether {@code user} may connect to the console at all. */
    public boolean mayConnect(String user) {
        return users.contains(user) || statsUsers.contains(user);
    }

    /** Whether {@code user} may run control commands, not just {@code SHOW}. */
    public boolean mayControl(String user) {
        return users.contains(user);
    }
}
