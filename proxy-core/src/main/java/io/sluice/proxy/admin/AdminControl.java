package io.sluice.proxy.admin;

import io.netty.util.concurrent.Future;
import io.sluice.config.Setting;
import io.sluice.config.SluiceConfig;

/** What the console asks of the process as a whole; implemented by the composition root. */
public interface AdminControl {

    /** The configuration in force now. */
    SluiceConfig config();

    /** Client connections open now, logged in or not. */
    int connectedClients();

    /**
     * Re-reads the configuration file and applies it, off the event loops.
     *
     * @return what changed, one line per change, for the log and the console; fails with an
     *         {@link AdminException} when the file has problems (the running configuration stays)
     */
    Future<java.util.List<String>> reload();

    /**
     * Changes one setting at run time, as if the file said so, until the next reload re-reads the file.
     *
     * @return completes once the setting is in force; fails with an {@link AdminException} when the value is wrong
     *         or the setting needs a restart
     */
    Future<Void> set(Setting setting, String value);

    /** SUSPEND stops accepting new connections; RESUME accepts again. */
    void accepting(boolean accept);

    /** Shuts Sluice down as {@code mode} says; the future completes when it has begun closing everything. */
    Future<?> shutdown(AdminCommand.ShutdownMode mode);
}
