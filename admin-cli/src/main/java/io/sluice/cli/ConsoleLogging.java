package io.sluice.cli;

import io.sluice.config.LogFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sets up {@code java.util.logging}, which Sluice ({@code System.Logger}), Netty and zonky (both through
 * slf4j-jdk14) all end up in: one line per record on stderr, Sluice at INFO, Netty and zonky at WARNING.
 *
 * <p>An operator's own {@code -Djava.util.logging.config.file=…} (or {@code .class}) wins: nothing is changed then.
 */
final class ConsoleLogging {

    private static final String CONFIGURATION = String.join("\n",
            "handlers=",
            ".level=INFO",
            "io.netty.level=WARNING",
            "io.zonky.level=WARNING",
            "org.postgresql.level=WARNING",
            "");

    /** The handler {@link #install} added, whose format {@link #useFormat} switches; null when not installed. */
    private static volatile Handler installed;

    private ConsoleLogging() {
    }

    /** Switches to {@code process.log_format} once the configuration is read. */
    static void useFormat(LogFormat format) {
        Handler handler = installed;
        if (handler != null) {
            handler.setFormatter(format == LogFormat.JSON ? new JsonLineFormatter() : new OneLineFormatter());
        }
    }

    static void install() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.manager") == null) {
            // Must happen before anything touches JUL; see CliLogManager for why.
            System.setProperty("java.util.logging.manager", CliLogManager.class.getName());
        }
        LogManager manager = LogManager.getLogManager();
        try {
            manager.readConfiguration(new ByteArrayInputStream(CONFIGURATION.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not configure logging", e);
        }
        Handler handler = new StreamHandler(System.err, new OneLineFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Logger.getLogger("").addHandler(handler);
        installed = handler;
        if (manager instanceof CliLogManager) {
            ((CliLogManager) manager).keepHandlersUntilExit();
        }
    }
}
