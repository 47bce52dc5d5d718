package io.sluice.proxy.net;

import java.net.BindException;

/**
 * One of Sluice's listeners (clients' or metrics') could not bind its address. It names the settings that chose the
 * address, so that a command line can tell the user which one to change: with two listeners, "address already in
 * use" alone does not say which.
 */
public final class ListenerBindException extends BindException {

    private static final long serialVersionUID = 1L;

    private final String settings;
    private final String host;
    private final int port;

    /**
     * @param settings the prefix of the host and port settings, {@code listen} or {@code metrics}
     * @param cause what the transport reported
     */
    public ListenerBindException(String settings, String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + " (" + settings + ".host, " + settings + ".port): "
                + cause.getMessage());
        initCause(cause);
        this.settings = settings;
        this.host = host;
        this.port = port;
    }

    /** The prefix of the settings that chose the address: {@code listen} or {@code metrics}. */
    public String settings() {
        return settings;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the address is taken, as opposed to not being this machine's or not being allowed. */
    public boolean inUse() {
        for (Throwable t = getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
