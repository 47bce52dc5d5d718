package io.sluice.proxy.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The file of the Unix-domain socket Sluice listens on ({@code listen.unix_socket_dir}): cleared before the bind,
 * opened to every local user after it, removed once at close, and only while it is still this Sluice's (a Sluice
 * started during this one's drain may have taken the name over). Runs at start-up and in {@code close()}, never on
 * an event loop: it blocks on the file system and on a connect.
 */
public final class UnixSocketFile {

    private static final System.Logger LOG = System.getLogger(UnixSocketFile.class.getName());
    /** {@code S_IFMT} and {@code S_IFSOCK} of {@code stat(2)}'s mode. */
    private static final int FILE_TYPE_BITS = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private final Path path;
    /** The file's identity (device and inode) after the bind; null where the file system has none. */
    private final Object fileKey;
    private final AtomicBoolean removed = new AtomicBoolean();

    private UnixSocketFile(Path path, Object fileKey) {
        this.path = path;
        this.fileKey = fileKey;
    }

    /**
     * Makes way for a new socket at {@code path}: a socket file left there by a process that is gone (connecting to
     * it is refused) is removed, as PostgreSQL and PgBouncer do. Anything else there is left alone.
     *
     * @throws IOException when something accepts on it (another Sluice, or a PostgreSQL on the same port), when it
     *     is not a socket, or when whether it is in use cannot be told (e.g. no permission to connect)
     */
    public static void clear(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & FILE_TYPE_BITS) != SOCKET_TYPE) {
            throw new IOException(path + " exists and is not a socket; remove it or choose another"
                    + " listen.unix_socket_dir");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // Non-blocking: a live listener with a full backlog must not hold the start up.
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            Files.delete(path);
            return;
        }
        throw new IOException("another process is listening on " + path
                + " (another Sluice, or a PostgreSQL with the same port?)");
    }

    /**
     * The socket just bound at {@code path}, opened to every local user (mode 0777, as PostgreSQL's default {@code
     * unix_socket_permissions}): who may reach it is the directory's permissions' to decide.
     */
    public static UnixSocketFile bound(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        return new UnixSocketFile(path, key);
    }

    public Path path() {
        return path;
    }

    /**
     * Removes the socket's file, after its listener has closed: once, and only if the file at that name is still the
     * one this Sluice bound.
     */
    public void remove() {
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (fileKey != null && !Objects.equals(fileKey, now)) {
                LOG.log(System.Logger.Level.INFO, "{0} is another process''s socket now; leaving it", path);
                return;
            }
            Files.delete(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the socket file {0}: {1}", path, e.getMessage());
        }
    }
}
