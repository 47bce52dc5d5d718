package io.sluice.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Turns the tab-separated results of {@code bench/run} into {@code docs/benchmarks.md} and its SVG chart.
 *
 * <p>Everything in the page above {@link #KEEP_MARKER} is rewritten; what follows the marker (notes written by
 * hand, such as a profile) is kept. Medians are taken over rounds; ratios are taken per round first (the
 * targets of one round ran back to back), then their median.
 *
 * <p>Usage: {@code Report RESULTS_DIR OUT.md OUT.svg}
 */
public final class Report {

    static final String KEEP_MARKER = "<!-- Above: written by bench/run. Below: kept when bench/run rewrites this page. -->";
    static final List<String> TARGETS = List.of("direct", "sluice", "pgbouncer");

    private final Path results;
    private final Properties meta = new Properties();

    private Report(Path results) throws IOException {
        this.results = results;
        try (Reader reader = Files.newBufferedReader(results.resolve("meta.properties"), StandardCharsets.UTF_8)) {
            meta.load(reader);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: Report RESULTS_DIR OUT.md OUT.svg");
        }
        Report report = new Report(Path.of(args[0]));
        Path md = Path.of(args[1]);
        Path svg = Path.of(args[2]);
        List<String[]> throughput = report.rows("throughput.tsv");
        String kept = "";
        if (Files.exists(md)) {
            String old = Files.readString(md);
            int at = old.indexOf(KEEP_MARKER);
            if (at >= 0) {
                kept = old.substring(at + KEEP_MARKER.length());
            }
        }
        Files.createDirectories(md.toAbsolutePath().getParent());
        Files.writeString(md, report.markdown(throughput, svg.getFileName().toString()) + KEEP_MARKER + kept);
        Files.writeString(svg, Chart.svg(throughputMedians(throughput)));
    }

    private List<String[]> rows(String file) throws IOException {
        Path path = results.resolve(file);
        List<String[]> rows = new ArrayList<>();
        if (!Files.exists(path)) {
            return rows;
        }
        for (String line : Files.readAllLines(path)) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private String markdown(List<String[]> throughput, String svgName) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Sluice beside PgBouncer and direct PostgreSQL on one machine, produced by `bench/run` (see\n")
                .append("[bench/README.md](../bench/README.md) for what it does and its options). Both proxies run the same\n")
                .append("pool: transaction mode, 20 server connections, SCRAM-SHA-256 for clients. Direct PostgreSQL gets\n")
                .append("20 clients, the proxies 100 (1 000 in `select-1000c`). Each figure is the median over the rounds;\n")
                .append("in each round the targets run back to back, in an order that rotates, and the ratios are taken\n")
                .append("within a round, then their median. To reproduce: `bench/run` (about 20 minutes; `bench/run --quick`\n")
                .append("for a smoke run of a few minutes).\n\n");
        md.append("## Conditions\n\n");
        md.append("- Run: ").append(meta("date")).append(", load average before the run ").append(meta("load"))
                .append('\n');
        md.append("- Machine: ").append(meta("machine")).append('\n');
        md.append("- ").append(meta("postgres")).append(" (`shared_buffers=256MB`, `synchronous_commit=off`,\n")
                .append("  `max_connections=200`), `pgbench -i -s 10`; ").append(meta("pgbench")).append('\n');
        md.append("- Sluice ").append(meta("sluice")).append(" on ").append(meta("java"));
        String transport = meta.getProperty("sluice_transport", "");
        if (!transport.isBlank()) {
            md.append(", transport `").append(transport).append('`');
        }
        String loops = meta.getProperty("sluice_event_loops", "");
        if (!loops.isBlank()) {
            md.append(", ").append(loops).append(loops.equals("1") ? " event loop" : " event loops");
        }
        md.append(", JVM options: `").append(meta("sluice_java_opts")).append("`\n");
        md.append("- ").append(meta("pgbouncer")).append(" (").append(meta.getProperty("pgbouncer_origin", "Debian"))
                .append("), `auth_file` holding PostgreSQL's SCRAM verifier, `listen_backlog=4096`\n");
        if ("unix".equals(meta.getProperty("server_socket"))) {
            md.append("- Both proxies reach PostgreSQL over its Unix-domain socket (`--server-socket unix`)\n");
        }
        md.append("- ").append(meta("duration")).append(" s per pgbench run, ").append(meta("rounds"))
                .append(" round(s) after ").append(meta.getProperty("warmup", "4"))
                .append(" s of warm-up per query mode and proxy, `pgbench -j ").append(meta.getProperty("jobs", "2"))
                .append("`, open-file limit ").append(meta("open_files")).append('\n');
        if (!meta("note").isBlank()) {
            md.append("- **").append(meta("note")).append("**\n");
        }
        md.append('\n');
        appendThroughput(md, throughput, svgName);
        appendLatency(md, rows("latency.tsv"));
        appendStorm(md, rows("storm.tsv"));
        appendIdle(md, rows("idle.tsv"));
        return md.toString();
    }

    private String meta(String key) {
        return meta.getProperty(key, "?");
    }

    private static void appendThroughput(StringBuilder md, List<String[]> rows, String svgName) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Throughput\n\n");
        md.append("pgbench workloads: `select-simple`, `-extended` and `-prepared` are `pgbench -S` (one primary-key SELECT)\n")
                .append("in the named query mode, `tpcb` the default TPC-B-like script (`-M simple`), `select-1000c` is\n")
                .append("`-S -M simple` with 1 000 clients,\n")
                .append("`select-large` a SELECT of 20 000 rows of `pgbench_accounts` (about 2 MB) in `-M extended`.\n")
                .append("Latency is pgbench's average and the 99th percentile of a 10 % sample of transactions. Proxy\n")
                .append("CPU is the proxy process's user + system time during the run (`/proc/PID/stat`) per 1 000\n")
                .append("transactions, so 0.016 s means 16 µs per transaction. PostgreSQL CPU is the same for all of\n")
                .append("PostgreSQL's processes (its live ones, and those that exited, through the postmaster's counts of\n")
                .append("its children): on two cores what PostgreSQL spends per transaction decides throughput as much as\n")
                .append("the proxy's own CPU does. The ratios are the median of the rounds' ratios, with the lowest and\n")
                .append("highest round in brackets.\n\n");
        md.append("![TPS per target and workload](").append(svgName).append(")\n\n");
        md.append("| workload | target | clients | TPS | avg latency ms | p99 ms | proxy CPU s / 1000 tx "
                + "| PostgreSQL CPU s / 1000 tx | Sluice ÷ PgBouncer | Sluice ÷ direct |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String workload : distinct(rows, 1)) {
            for (String target : TARGETS) {
                List<String[]> mine = select(rows, workload, target);
                if (mine.isEmpty()) {
                    continue;
                }
                boolean failed = mine.stream().anyMatch(r -> !r[8].equals("ok"));
                String clients = target.equals("direct") ? "20" : workload.equals("select-1000c") ? "1000" : "100";
                md.append("| ").append(workload).append(" | ").append(target).append(" | ").append(clients).append(" | ");
                if (failed) {
                    md.append("fails (").append(mine.stream().filter(r -> !r[8].equals("ok")).count()).append(" of ")
                            .append(mine.size()).append(" runs) | | | | | | |\n");
                    continue;
                }
                md.append(fmt(median(column(mine, 3)), 0)).append(" | ")
                        .append(fmt(median(column(mine, 4)), 2)).append(" | ")
                        .append(fmt(median(column(mine, 5)), 2)).append(" | ");
                md.append(perThousand(mine, 6)).append(" | ").append(perThousand(mine, 9)).append(" | ");
                if (target.equals("sluice")) {
                    md.append(ratio(rows, workload, "pgbouncer")).append(" | ").append(ratio(rows, workload, "direct"));
                } else {
                    md.append(" | ");
                }
                md.append(" |\n");
            }
        }
        md.append('\n');
    }

    /**
     * The median over rounds of the CPU seconds in column {@code column} per 1 000 transactions; empty where no
     * round has them (results written before PostgreSQL's CPU was measured lack column 9).
     */
    private static String perThousand(List<String[]> rows, int column) {
        List<Double> cpu = new ArrayList<>();
        for (String[] r : rows) {
            Double seconds = r.length > column ? number(r[column]) : null;
            Double xacts = number(r[7]);
            if (seconds != null && xacts != null && xacts > 0) {
                cpu.add(seconds * 1000 / xacts);
            }
        }
        return cpu.isEmpty() ? "" : fmt(median(cpu), 4);
    }

    /**
     * The median over rounds of Sluice's TPS divided by {@code other}'s in the same round, and with more than one round
     * the lowest and highest of those ratios: on a shared machine the spread says how far the median can be trusted.
     */
    private static String ratio(List<String[]> rows, String workload, String other) {
        List<Double> ratios = new ArrayList<>();
        for (String[] s : select(rows, workload, "sluice")) {
            for (String[] o : select(rows, workload, other)) {
                Double a = number(s[3]);
                Double b = number(o[3]);
                if (o[0].equals(s[0]) && s[8].equals("ok") && o[8].equals("ok") && a != null && b != null && b > 0) {
                    ratios.add(a / b);
                }
            }
        }
        if (ratios.isEmpty()) {
            return "n/a";
        }
        String median = fmt(median(ratios), 2);
        return ratios.size() == 1 ? median : median + " (" + fmt(Collections.min(ratios), 2) + "–"
                + fmt(Collections.max(ratios), 2) + ")";
    }

    private static void appendLatency(StringBuilder md, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Added latency\n\n");
        md.append("One client, `SELECT 1` (`pgbench -c 1 -M extended`), every transaction logged; the added latency is\n")
                .append("the target's percentile minus direct PostgreSQL's in the same round, then the median.\n\n");
        md.append("| target | p50 µs | p99 µs | added p50 µs | added p99 µs |\n|---|---:|---:|---:|---:|\n");
        for (String target : TARGETS) {
            List<String[]> mine = new ArrayList<>();
            for (String[] r : rows) {
                if (r[1].equals(target)) {
                    mine.add(r);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            md.append("| ").append(target).append(" | ").append(fmt(median(column(mine, 2)), 0)).append(" | ")
                    .append(fmt(median(column(mine, 3)), 0)).append(" | ");
            if (target.equals("direct")) {
                md.append(" | |\n");
                continue;
            }
            for (int col = 2; col <= 3; col++) {
                List<Double> added = new ArrayList<>();
                for (String[] r : mine) {
                    for (String[] d : rows) {
                        if (d[1].equals("direct") && d[0].equals(r[0]) && number(r[col]) != null
                                && number(d[col]) != null) {
                            added.add(number(r[col]) - number(d[col]));
                        }
                    }
                }
                md.append(added.isEmpty() ? "" : fmt(median(added), 0)).append(" | ");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void appendStorm(StringBuilder md, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Connection storm\n\n");
        md.append("N clients connect at once (one thread, non-blocking sockets), each logs in with SCRAM-SHA-256, runs\n")
                .append("`SELECT 1` and leaves. Time until the last one is done (median over rounds), and the errors of\n")
                .append("all rounds together (failed logins, errors, clients not done within 120 s). Each storm\n")
                .append("connects from 127.0.0.x addresses of its own, so none meets the ports an earlier one left in\n")
                .append("TIME_WAIT, and the proxies take turns going first. A slow round is the machine's load or the\n")
                .append("kernel's SYN and accept queues (`tcp_max_syn_backlog`, `somaxconn`):\n")
                .append("`nstat -az TcpExtListenDrops TcpExtTCPReqQFullDrop` tells which.\n\n");
        md.append("| clients | target | seconds | fastest – slowest round | errors |\n|---:|---|---:|---:|---:|\n");
        Set<String> sizes = distinct(rows, 2);
        for (String size : sizes) {
            for (String target : TARGETS) {
                List<String[]> mine = new ArrayList<>();
                for (String[] r : rows) {
                    if (r[1].equals(target) && r[2].equals(size)) {
                        mine.add(r);
                    }
                }
                if (mine.isEmpty()) {
                    continue;
                }
                if (!mine.get(0)[6].equals("ok")) {
                    md.append("| ").append(size).append(" | ").append(target).append(" | ").append(mine.get(0)[6])
                            .append(" | | |\n");
                    continue;
                }
                double errors = 0;
                for (String[] r : mine) {
                    Double e = number(r[5]);
                    errors += e == null ? 0 : e;
                }
                md.append("| ").append(size).append(" | ").append(target).append(" | ")
                        .append(fmt(median(column(mine, 3)), 2)).append(" | ").append(range(column(mine, 3)))
                        .append(" | ").append(fmt(errors, 0)).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void appendIdle(StringBuilder md, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Idle clients\n\n");
        md.append("Freshly started proxies; RSS (`VmRSS`) with no client, then with N idle logged-in clients held open\n")
                .append("(from several 127.0.0.x source addresses), 2 s after the last logged in. The cost per client is\n")
                .append("the growth over the empty proxy divided by N. For Sluice this includes whatever the JVM's heap\n")
                .append("sizing keeps resident, so it depends on `SLUICE_JAVA_OPTS`.\n\n");
        md.append("Sluice's live heap is measured after a full collection (`jcmd PID GC.run`, then `GC.heap_info`).\n\n");
        md.append("| target | clients | logged in | RSS MiB | RSS KiB per client | heap after GC MiB "
                + "| heap KiB per client |\n|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> heapBase = new LinkedHashMap<>();
        for (String[] r : rows) {
            if (r[1].equals("0") && r.length > 5) {
                heapBase.put(r[0], number(r[5]));
            }
        }
        Map<String, Double> base = new LinkedHashMap<>();
        for (String[] r : rows) {
            if (r[1].equals("0")) {
                base.put(r[0], number(r[2]));
            }
        }
        for (String[] r : rows) {
            Double rss = number(r[2]);
            md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ");
            if (rss == null) {
                md.append(" | ").append(r.length > 5 ? r[5] : "not measured").append(" | | | |\n");
                continue;
            }
            md.append(r[3]).append(r[4].equals("0") ? "" : " (" + r[4] + " errors)").append(" | ")
                    .append(fmt(rss / 1024, 1)).append(" | ");
            Double zero = base.get(r[0]);
            double clients = Double.parseDouble(r[1]);
            md.append(clients > 0 && zero != null ? fmt((rss - zero) / clients, 2) : "").append(" | ");
            Double heap = r.length > 5 ? number(r[5]) : null;
            Double heapZero = heapBase.get(r[0]);
            md.append(heap == null ? "" : fmt(heap / 1024, 1)).append(" | ")
                    .append(heap != null && heapZero != null && clients > 0 ? fmt((heap - heapZero) / clients, 2) : "")
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** workload -> target -> median TPS (NaN when a run failed), in the order of the rows. */
    static Map<String, Map<String, Double>> throughputMedians(List<String[]> rows) {
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (String workload : distinct(rows, 1)) {
            Map<String, Double> byTarget = new LinkedHashMap<>();
            for (String target : TARGETS) {
                List<String[]> mine = select(rows, workload, target);
                if (!mine.isEmpty()) {
                    boolean failed = mine.stream().anyMatch(r -> !r[8].equals("ok"));
                    byTarget.put(target, failed ? Double.NaN : median(column(mine, 3)));
                }
            }
            medians.put(workload, byTarget);
        }
        return medians;
    }

    private static List<String[]> select(List<String[]> rows, String workload, String target) {
        List<String[]> mine = new ArrayList<>();
        for (String[] r : rows) {
            if (r[1].equals(workload) && r[2].equals(target)) {
                mine.add(r);
            }
        }
        return mine;
    }

    private static Set<String> distinct(List<String[]> rows, int col) {
        Set<String> values = new LinkedHashSet<>();
        for (String[] r : rows) {
            values.add(r[col]);
        }
        return values;
    }

    private static List<Double> column(List<String[]> rows, int col) {
        List<Double> values = new ArrayList<>();
        for (String[] r : rows) {
            Double v = number(r[col]);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    private static String range(List<Double> values) {
        if (values.size() < 2) {
            return "";
        }
        return fmt(values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), 2) + " – "
                + fmt(values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), 2);
    }

    static Double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, decimals == 0 ? "%,.0f" : "%,." + decimals + "f", v);
    }
}
