package io.sluice.cli;

import io.sluice.proxy.net.ListenerBindException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Recognising "address already in use" before and after a start. */
final class PortInUse {

    private PortInUse() {
    }

    /**
     * The listener, found in {@code e} or its causes, whose address another process already holds; {@code null}
     * when the failure was something else (an address not of this machine, say).
     */
    static ListenerBindException takenAddress(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ListenerBindException listener) {
                return listener.inUse() ? listener : null;
            }
        }
        return null;
    }

    /** Whether something already listens on {@code host:port}; {@code false} for port 0 (any free port). */
    static boolean probe(String host, int port) throws IOException {
        if (port == 0) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            // As the real listener will: a port left in TIME_WAIT by an earlier run is free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return false;
        } catch (BindException e) {
            return true;
        }
    }
}
