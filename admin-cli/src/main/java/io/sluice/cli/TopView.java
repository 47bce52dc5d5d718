package io.sluice.cli;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link TopFrame} as lines of at most {@code width} characters: a header with totals, one line per pool
 * with a bar of its servers, then the busiest clients. Pure: the same frame and size give the same lines, which is
 * what the tests check.
 *
 * <p>The bar stands for the pool's {@code pool_size} servers: {@code #} the active ones, {@code -} the idle ones,
 * {@code .} the room left. The {@code +} after it are waiting clients on the same scale (one {@code +} per server's
 * worth of them), up to {@value #WAIT_MARKS} and a {@code >} when there are more.
 */
final class TopView {

    static final int WAIT_MARKS = 5;
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 40;
    private static final int MAX_CLIENTS = 10;
    private static final String REVERSE = "\u001b[7m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private TopView() {
    }

    /**
     * @param height lines available, or {@link Integer#MAX_VALUE} for as many as needed
     * @param ansi whether to highlight headings with ANSI escapes (on a terminal) and say how to quit
     */
    static List<String> render(TopFrame frame, int width, int height, boolean ansi) {
        List<String> lines = new ArrayList<>();
        lines.add(fit("sluice top  " + frame.target() + "  " + CLOCK.format(frame.at().atZone(frame.zone()))
                + "  every " + seconds(frame.interval()) + (ansi ? "  (q quits)" : ""), width, ansi ? BOLD : null));
        lines.add(fit(summary(frame), width, null));
        if (frame.problem() != null) {
            lines.add(fit("! " + frame.problem(), width, ansi ? BOLD : null));
        } else if (!frame.statsAvailable()) {
            lines.add(fit("(xact/s and query/s need SHOW STATS_TOTALS, which this console does not have)", width,
                    null));
        }
        lines.add("");

        int clientRows = Math.min(frame.busiest().size(), MAX_CLIENTS);
        int clientSection = 3 + Math.max(clientRows, 1);
        int poolRoom = height == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : Math.max(2, height - lines.size() - clientSection);
        poolLines(frame, width, poolRoom, ansi, lines);
        if (height != Integer.MAX_VALUE) {
            clientRows = Math.max(0, Math.min(clientRows, height - lines.size() - 3));
        }
        lines.add("");
        lines.add(fit("busiest clients (waiting longest, then longest since their request)", width, null));
        clientLines(frame.busiest().subList(0, clientRows), width, ansi, lines);
        if (frame.busiest().isEmpty()) {
            lines.add(fit("(no client is waiting or running a transaction)", width, null));
        }
        return height == Integer.MAX_VALUE || lines.size() <= height ? lines : lines.subList(0, height);
    }

    private static String summary(TopFrame frame) {
        int clients = 0;
        int active = 0;
        int idle = 0;
        int login = 0;
        int size = 0;
        for (TopFrame.PoolLine line : frame.pools()) {
            TopSample.Pool p = line.pool();
            clients += p.clientsActive();
            active += p.serversActive();
            idle += p.serversIdle() + p.serversUsed();
            login += p.serversLogin();
            size += p.poolSize();
        }
        return "pools " + frame.pools().size() + "  clients " + clients + " active, " + frame.clientsWaiting()
                + " waiting  servers " + active + " active, " + idle + " idle, " + login + " login of " + size
                + "  xact/s " + rate(frame.total(true)) + "  query/s " + rate(frame.total(false));
    }

    private static void poolLines(TopFrame frame, int width, int room, boolean ansi, List<String> lines) {
        int dbWidth = "DATABASE".length();
        int userWidth = "USER".length();
        int modeWidth = "MODE".length();
        for (TopFrame.PoolLine line : frame.pools()) {
            dbWidth = Math.max(dbWidth, Math.min(20, line.pool().database().length()));
            userWidth = Math.max(userWidth, Math.min(16, line.pool().user().length()));
            modeWidth = Math.max(modeWidth, mode(line.pool()).length());
        }
        String[] right = {"UTIL", "ACT", "SIZE", "CL_ACT", "WAITING", "MAXWAIT", "XACT/S", "QUERY/S"};
        int[] rightWidths = {4, 4, 4, 6, 7, 7, 8, 8};
        int fixed = dbWidth + 1 + userWidth + 1 + modeWidth + 1 + 2 + WAIT_MARKS;
        for (int w : rightWidths) {
            fixed += 1 + w;
        }
        int bar = Math.max(MIN_BAR, Math.min(MAX_BAR, width - fixed));

        StringBuilder heading = new StringBuilder();
        left(heading, "DATABASE", dbWidth).append(' ');
        left(heading, "USER", userWidth).append(' ');
        left(heading, "MODE", modeWidth).append(' ');
        left(heading, "SERVERS", bar + 2 + WAIT_MARKS);
        for (int i = 0; i < right.length; i++) {
            heading.append(' ');
            rightAlign(heading, right[i], rightWidths[i]);
        }
        lines.add(fit(heading.toString(), width, ansi ? REVERSE : null));

        int shown = frame.pools().size() <= room - 1 ? frame.pools().size() : Math.max(0, room - 2);
        for (TopFrame.PoolLine line : frame.pools().subList(0, shown)) {
            TopSample.Pool p = line.pool();
            StringBuilder row = new StringBuilder();
            left(row, cut(p.database(), dbWidth), dbWidth).append(' ');
            left(row, cut(p.user(), userWidth), userWidth).append(' ');
            left(row, mode(p), modeWidth).append(' ');
            row.append(bar(p, bar));
            String[] values = {utilisation(p), Integer.toString(p.serversActive()), Integer.toString(p.poolSize()),
                Integer.toString(p.clientsActive()), Integer.toString(p.clientsWaiting()),
                micros(p.maxWaitMicros()), rate(line.transactionsPerSecond()), rate(line.queriesPerSecond())};
            for (int i = 0; i < values.length; i++) {
                row.append(' ');
                rightAlign(row, values[i], rightWidths[i]);
            }
            lines.add(fit(row.toString(), width, null));
        }
        if (shown < frame.pools().size()) {
            lines.add(fit("... " + (frame.pools().size() - shown) + " more pools (a taller terminal shows them)",
                    width, null));
        }
    }

    /** {@code [###---....]++} for a pool; see the class comment. */
    static String bar(TopSample.Pool p, int cells) {
        int size = p.poolSize() > 0 ? p.poolSize()
                : Math.max(1, p.serversActive() + p.serversIdle() + p.serversUsed() + p.serversLogin());
        int active = scaled(p.serversActive(), size, cells);
        int idle = Math.min(cells - active, scaled(p.serversIdle() + p.serversUsed() + p.serversLogin(), size,
                cells));
        StringBuilder bar = new StringBuilder(cells + 2 + WAIT_MARKS).append('[');
        bar.append("#".repeat(active)).append("-".repeat(idle)).append(".".repeat(cells - active - idle));
        bar.append(']');
        int waiting = p.clientsWaiting() == 0 ? 0 : Math.max(1, (int) Math.ceil(p.clientsWaiting() * (double) cells
                / size));
        if (waiting > WAIT_MARKS) {
            bar.append("+".repeat(WAIT_MARKS - 1)).append('>');
        } else {
            bar.append("+".repeat(waiting)).append(" ".repeat(WAIT_MARKS - waiting));
        }
        return bar.toString();
    }

    /** Cells for {@code count} of {@code size}, at least one for any, never more than all. */
    private static int scaled(int count, int size, int cells) {
        if (count <= 0) {
            return 0;
        }
        return Math.min(cells, Math.max(1, (int) Math.round(count * (double) cells / size)));
    }

    private static void clientLines(List<TopFrame.ClientLine> clients, int width, boolean ansi, List<String> lines) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "DATABASE", "USER", "STATE", "ADDR", "WAIT", "REQUEST", "APP"});
        for (TopFrame.ClientLine line : clients) {
            TopSample.Client c = line.client();
            rows.add(new String[] {Long.toString(c.id()), c.database(), c.user(),
                c.linked() ? c.state() + "*" : c.state(), c.addr() + ":" + c.port(), micros(c.waitMicros()),
                line.requestAge() == null ? "-" : micros(line.requestAge().toNanos() / 1000),
                c.applicationName()});
        }
        boolean[] numeric = {true, false, false, false, false, true, true, false};
        int[] widths = new int[numeric.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], Math.min(24, row[i].length()));
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                if (i > 0) {
                    line.append(' ');
                }
                String cell = cut(rows.get(r)[i], widths[i]);
                if (numeric[i]) {
                    rightAlign(line, cell, widths[i]);
                } else {
                    left(line, cell, widths[i]);
                }
            }
            lines.add(fit(line.toString(), width, r == 0 && ansi ? REVERSE : null));
        }
    }

    private static String mode(TopSample.Pool p) {
        String mode = switch (p.mode()) {
            case "transaction" -> "tx";
            case "session" -> "sess";
            case "statement" -> "stmt";
            default -> p.mode();
        };
        return p.paused() ? mode + " paused" : mode;
    }

    private static String utilisation(TopSample.Pool p) {
        return p.poolSize() <= 0 ? "-" : Math.round(100.0 * p.serversActive() / p.poolSize()) + "%";
    }

    /** A wait or age: {@code 0}, {@code 850us}, {@code 12ms}, {@code 3.4s}, {@code 2m05s}. */
    static String micros(long micros) {
        if (micros <= 0) {
            return "0";
        }
        if (micros < 1_000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return micros / 1_000 + "ms";
        }
        if (micros < 60_000_000) {
            return String.format(Locale.ROOT, "%.1fs", micros / 1e6);
        }
        long s = micros / 1_000_000;
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }

    /** A rate per second: {@code -} when unknown, one decimal below 10, whole above. */
    static String rate(Double perSecond) {
        if (perSecond == null) {
            return "-";
        }
        return perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
                : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "~";
    }

    private static StringBuilder left(StringBuilder line, String text, int width) {
        return line.append(text).append(" ".repeat(Math.max(0, width - text.length())));
    }

    private static StringBuilder rightAlign(StringBuilder line, String text, int width) {
        return line.append(" ".repeat(Math.max(0, width - text.length()))).append(text);
    }

    /** The line cut to {@code width}, without trailing spaces; highlighted lines are padded to the full width. */
    private static String fit(String line, int width, String highlight) {
        String cut = line.length() > width ? line.substring(0, width) : line;
        if (highlight != null) {
            return highlight + cut + " ".repeat(width - cut.length()) + RESET;
        }
        int end = cut.length();
        while (end > 0 && cut.charAt(end - 1) == ' ') {
            end--;
        }
        return cut.substring(0, end);
    }
}
