package io.sluice.bench.report;

import java.util.Locale;
import java.util.Map;

/** A grouped bar chart in plain SVG: median TPS per workload, one bar per target. */
final class Chart {

    private static final Map<String, String> COLORS = Map.of(
            "direct", "#9e9e9e", "sluice", "#1f77b4", "pgbouncer", "#ff7f0e");
    private static final int WIDTH = 860;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private Chart() {
    }

    static String svg(Map<String, Map<String, Double>> medians) {
        double max = 1;
        for (Map<String, Double> byTarget : medians.values()) {
            for (double v : byTarget.values()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double step = niceStep(max / 5);
        double top = Math.ceil(max / step) * step;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">Transactions per second "
                + "(median), by workload and target</text>%n", LEFT));
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = TOP + plotH - v / top * plotH;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f</text>%n",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, v));
        }
        int groups = Math.max(1, medians.size());
        double groupW = (double) plotW / groups;
        double barW = groupW * 0.8 / Report.TARGETS.size();
        int g = 0;
        for (Map.Entry<String, Map<String, Double>> e : medians.entrySet()) {
            double x0 = LEFT + g * groupW + groupW * 0.1;
            int b = 0;
            for (String target : Report.TARGETS) {
                Double v = e.getValue().get(target);
                double x = x0 + b * barW;
                b++;
                if (v == null) {
                    continue;
                }
                if (Double.isNaN(v)) {
                    s.append(String.format(Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">fails</text>%n",
                            x + barW / 2, TOP + plotH - 4, COLORS.get(target)));
                    continue;
                }
                double h = v / top * plotH;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %,.0f tps"
                                + "</title></rect>%n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                                + "font-size=\"10\">%.1fk</text>%n",
                        x, TOP + plotH - h, barW - 2, h, COLORS.get(target), e.getKey(), target, v,
                        x + barW / 2 - 1, TOP + plotH - h - 3, v / 1000));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    LEFT + g * groupW + groupW / 2, TOP + plotH + 18, e.getKey()));
            g++;
        }
        int lx = LEFT;
        for (String target : Report.TARGETS) {
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    lx, HEIGHT - 22, COLORS.get(target), lx + 16, HEIGHT - 12, target));
            lx += 110;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        double n = raw / magnitude;
        double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
