package io.sluice.cli;

import io.sluice.config.Units;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice top}: a live view of the pools, refreshed every {@code --interval}, drawn with ANSI escapes on the
 * terminal's alternate screen. {@code q} or Ctrl-C quits and leaves the terminal as it was. When stdout is not a
 * terminal, or with {@code --once}, it prints one frame and exits.
 */
@Command(
        name = "top",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "A live view of Sluice's pools: server utilisation, waiting clients, throughput, the busiest clients.",
            "q or Ctrl-C quits. Not on a terminal (or with --once) it prints one frame and exits.",
            "The password comes from PGPASSWORD, else a prompt; never from an argument.",
        },
        footer = {"", "Exit codes: 0 ok, 1 the console answered an error, 2 usage error, 3 cannot connect or log in."})
final class TopCommand implements Callable<Integer> {

    private static final int DEFAULT_WIDTH = 120;
    private static final int MAX_CLIENTS = 10;
    private static final String HOME = "\u001b[H";
    private static final String CLEAR_LINE = "\u001b[K";
    private static final String CLEAR_BELOW = "\u001b[J";
    private static final String ENTER = "\u001b[?1049h\u001b[?25l";
    private static final String LEAVE = "\u001b[?25h\u001b[?1049l";

    private final Map<String, String> env;
    private final Console console;
    private final Terminal terminal;
    private final Clock clock;

    /** Set on SIGWINCH: the terminal's size must be asked again. */
    private final AtomicBoolean resized = new AtomicBoolean();
    private boolean resizeSignalled;
    private Terminal.Size size;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConsoleOptions options;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between refreshes, such as 1s or 500ms (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--once", description = "Print one frame and exit, even on a terminal.")
    private boolean once;

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Width of a frame printed once (default: $COLUMNS, else " + DEFAULT_WIDTH + ").")
    private Integer width;

    /**
     * @param env where {@code PGPASSWORD}, {@code PGUSER} and {@code COLUMNS} are read
     * @param console the terminal to prompt for a password on, or {@code null}
     * @param terminal the terminal to draw on
     */
    TopCommand(Map<String, String> env, Console console, Terminal terminal, Clock clock) {
        this.env = env;
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval: " + Units.formatDuration(interval)
                    + " (expected: 100ms or more)");
        }
        if (width != null && width < 20) {
            throw new ParameterException(spec.commandLine(), "--width: " + width + " (expected: 20 or more)");
        }
        PrintWriter err = spec.commandLine().getErr();
        ConsoleTarget target = options.target(env);
        String password = ConsoleOptions.password(env, console, target);
        TopSampler sampler = new TopSampler(clock);
        ConsoleSession session = null;
        try {
            session = ConsoleSession.open(target, password);
            if (once || !terminal.interactive()) {
                return printOnce(session, sampler, target);
            }
            return live(session, sampler, target, password);
        } catch (ConsoleException e) {
            return AdminCommand.failed("sluice top", e, password, err);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /** One frame; throughput needs two samples, so with SHOW STATS_TOTALS it samples twice, an interval apart. */
    private int printOnce(ConsoleSession session, TopSampler sampler, ConsoleTarget target)
            throws ConsoleException, InterruptedException {
        TopSample first = sampler.sample(session);
        TopSample previous = null;
        TopSample current = first;
        if (sampler.statsAvailable()) {
            Thread.sleep(interval.toMillis());
            previous = first;
            current = sampler.sample(session);
        }
        TopFrame frame = TopFrame.of(target.toString(), ZoneId.systemDefault(), interval, previous, current,
                MAX_CLIENTS);
        PrintWriter out = spec.commandLine().getOut();
        TopView.render(frame, onceWidth(), Integer.MAX_VALUE, false).forEach(out::println);
        out.flush();
        return 0;
    }

    private int live(ConsoleSession first, TopSampler sampler, ConsoleTarget target, String password)
            throws IOException, InterruptedException, ConsoleException {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch quit = new CountDownLatch(1);
        Thread keys = new Thread(() -> readKeys(quit), "sluice-top-keys");
        keys.setDaemon(true);
        Terminal.Restore restore = terminal.keysMode();
        // Ctrl-C ends the JVM through its shutdown hooks: this one gives the terminal back as it was.
        try (ShutdownHook hook = ShutdownHook.register("sluice-top-restore", () -> {
            out.print(LEAVE);
            out.flush();
            restore.close();
        })) {
            out.print(ENTER);
            resizeSignalled = Signals.handle("WINCH", () -> resized.set(true));
            keys.start();
            ConsoleSession session = first;
            TopSample previous = null;
            TopFrame frame = null;
            try {
                do {
                    try {
                        if (session == null) {
                            session = ConsoleSession.open(target, password);
                        }
                        TopSample current = sampler.sample(session);
                        frame = TopFrame.of(target.toString(), ZoneId.systemDefault(), interval, previous, current,
                                MAX_CLIENTS);
                        previous = current;
                    } catch (ConsoleException e) {
                        if (e.kind() == ConsoleException.Kind.SERVER || frame == null) {
                            throw e;
                        }
                        // Sluice restarting or a network blip: keep the last frame up and try again next time.
                        if (session != null && session != first) {
                            session.close();
                        }
                        session = null;
                        previous = null;
                        frame = frame.withProblem(e.describe() + "; retrying every " + Units.formatDuration(interval));
                    }
                    draw(out, frame);
                } while (!quit.await(interval.toMillis(), TimeUnit.MILLISECONDS));
            } finally {
                if (session != null && session != first) {
                    session.close();
                }
            }
        }
        return 0;
    }

    private void draw(PrintWriter out, TopFrame frame) {
        if (size == null || resized.getAndSet(false) || !resizeSignalled) {
            // Asking stty costs a process; with SIGWINCH handled, only after the window changed.
            size = terminal.size();
        }
        int columns = size == null ? onceWidth() : size.columns();
        int rows = size == null ? Integer.MAX_VALUE : size.rows();
        List<String> lines = TopView.render(frame, columns, rows, true);
        StringBuilder screen = new StringBuilder(HOME);
        for (int i = 0; i < lines.size(); i++) {
            screen.append(lines.get(i)).append(CLEAR_LINE);
            if (i + 1 < lines.size()) {
                screen.append("\r\n");
            }
        }
        out.print(screen.append(CLEAR_BELOW));
        out.flush();
    }

    private void readKeys(CountDownLatch quit) {
        try {
            for (;;) {
                int key = terminal.readKey();
                if (key == -1 || key == 'q' || key == 'Q') {
                    break;
                }
            }
        } catch (IOException e) {
            // stdin gone: nothing more to read, so quit
        }
        quit.countDown();
    }

    private int onceWidth() {
        if (width != null) {
            return width;
        }
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", ""));
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** {@code --interval 1s}, {@code 500ms}: the same units as durations in the configuration file. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Units.parseDuration(value);
        }
    }
}
