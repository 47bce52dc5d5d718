package io.sluice.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Recognising "address already in use", whichever transport reported it. */
final class PortInUse {

    private PortInUse() {
    }

    /**
     * Whether {@code e}, or one of its causes, says the listen address is taken. Netty's NIO transport throws
     * {@link BindException}; its native transports throw an {@link IOException} whose message names the errno.
     */
    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
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
