package org.smartbox.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample (nearest-rank percentiles), and how they print. */
public record Stats(int n, double min, double p50, double p90, double p99, double max) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Stats(v.length, v[0], rank(v, 50), rank(v, 90), rank(v, 99), v[v.length - 1]);
    }

    public static Stats of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Nearest rank: the smallest value with at least {@code p}% of the sample at or below it. */
    private static double rank(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public double median() {
        return p50;
    }

    /** A duration in seconds, printed in the unit that suits it. */
    public static String time(double seconds) {
        double abs = Math.abs(seconds);
        if (abs < 1e-3) {
            return String.format("%.1f µs", seconds * 1e6);
        } else if (abs < 1) {
            return String.format("%.2f ms", seconds * 1e3);
        }
        return String.format("%.2f s", seconds);
    }

    public static String ratio(double r) {
        // 0 / 0: both too small to measure in this run (idle CPU on a short smoke run), not a number.
        if (Double.isNaN(r)) {
            return "n/a (both below what was measurable)";
        }
        if (Double.isInfinite(r)) {
            return "n/a (baseline below what was measurable)";
        }
        return String.format("%.2fx", r);
    }
}
