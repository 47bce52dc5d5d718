package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which socket implementation carries every connection ({@code process.transport}). */
public enum IoTransport {
    /** The fastest this machine can use: io_uring, else epoll, else Java NIO. */
    AUTO,
    /** Linux io_uring: reads and writes submitted in batches, one system call for many sockets. */
    IO_URING,
    /** Linux epoll: one system call per read and per write. */
    EPOLL,
    /** Java NIO, for any operating system. */
    NIO;

    /** The name used in the configuration file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted choices
     */
    public static IoTransport parse(String value) {
        for (IoTransport transport : values()) {
            if (transport.configName().equalsIgnoreCase(value)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + value + "' (expected one of: " + choices() + ')');
    }

    static String choices() {
        return Arrays.stream(values()).map(IoTransport::configName).collect(Collectors.joining(", "));
    }
}
