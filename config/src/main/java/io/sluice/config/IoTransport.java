package io.sluice.config;

import java.util.Locale;

/** Which socket implementation carries every connection ({@code process.transport}). */
public enum IoTransport {
    /** The first this machine can use: io_uring, else epoll, else Java NIO. */
    AUTO,
    /**
     * Linux io_uring: reads and writes submitted in batches, one system call for many sockets. Its event loops run
     * until the process exits, since Netty's teardown of them has hung and corrupted native memory.
     */
    IO_URING,
    /** Linux epoll: one system call per read and per write. */
    EPOLL,
    /** Java NIO, for any operating system. */
    NIO;

    /** The name used in the configuration file: {@code io_uring} keeps the kernel's spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static IoTransport parse(String value) {
        return ConfigNames.parse(IoTransport.class, value, "transport", IoTransport::configName);
    }

    static String choices() {
        return ConfigNames.choices(IoTransport.class, IoTransport::configName);
    }
}
