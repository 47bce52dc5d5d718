package io.sluice.proxy.net;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file of the Unix-domain socket Sluice listens on ({@code listen.unix_socket_dir}): cleared before the bind,
 * opened to every local user after it, removed at close. Runs at start-up and shutdown, never on an event loop (it
 * blocks for a moment on the file system and on a connect).
 */
public final class UnixSocketFile {

    private UnixSocketFile() {
    }

    /**
     * Makes way for a new socket at {@code path}: a file left there by a process that is gone (nothing accepts on it)
     * is removed, as PostgreSQL and PgBouncer do.
     *
     * @throws IOException when a process still accepts connections on it (another Sluice, or a PostgreSQL on the
     *     same port), or the file cannot be removed
     */
    public static void clear(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        boolean accepting;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            accepting = probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            accepting = false;
        }
        if (accepting) {
            throw new IOException("another process is listening on " + path
                    + " (another Sluice, or a PostgreSQL with the same port?)");
        }
        Files.delete(path);
    }

    /**
     * Lets every local user connect (mode 0777, as PostgreSQL's default {@code unix_socket_permissions}): who may
     * reach the socket is the directory's permissions' to decide.
     */
    public static void openToAll(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Removes the socket's file, if there, after its listener has closed. */
    public static void remove(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.getLogger(UnixSocketFile.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove the socket file {0}: {1}", path, e.getMessage());
        }
    }
}
