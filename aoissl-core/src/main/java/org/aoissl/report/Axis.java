package org.aoissl.report;

import java.util.ArrayList;
import java.util.List;

/** Tick positions at round numbers (1, 2 or 5 times a power of ten) and their labels. */
final class Axis {
  private Axis() {}

  /** Ticks covering [lo, hi] with about {@code count} steps; the first ≤ lo and the last ≥ hi. */
  static double[] ticks(double lo, double hi, int count) {
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double step = step(lo, hi, count);
    double first = Math.floor(lo / step + 1e-9) * step;
    double last = Math.ceil(hi / step - 1e-9) * step;
    int n = (int) Math.round((last - first) / step) + 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = clean(first + i * step);
    }
    return out;
  }

  /** Ticks at round numbers strictly inside a fixed range [lo, hi], plus its ends. */
  static double[] ticksWithin(double lo, double hi, int count) {
    double step = step(lo, hi, count);
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
      out.add(clean(t));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Decades 10^k covering [lo, hi] (both > 0), with 2 and 5 between them when there are few. */
  static double[] logTicks(double lo, double hi) {
    int a = (int) Math.floor(Math.log10(lo) + 1e-9);
    int b = (int) Math.ceil(Math.log10(hi) - 1e-9);
    if (b == a) {
      b++;
    }
    List<Double> out = new ArrayList<>();
    for (int e = a; e <= b; e++) {
      double p = Math.pow(10, e);
      out.add(p);
      if (b - a <= 2 && e < b) {
        out.add(2 * p);
        out.add(5 * p);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A tick label with as many decimals as the spacing between ticks needs. */
  static String label(double v, double spacing) {
    int decimals = spacing >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(spacing) - 1e-9));
    return Html.num(v, decimals);
  }

  /** A log-axis label: 0.001, 0.02, 1, 50, 1,000. */
  static String logLabel(double v) {
    return Html.num(v, v >= 1 ? 0 : (int) Math.ceil(-Math.log10(v) - 1e-9));
  }

  private static double step(double lo, double hi, int count) {
    double rough = (hi - lo) / Math.max(1, count);
    double mag = Math.pow(10, Math.floor(Math.log10(rough)));
    double f = rough / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }

  /** Removes float dust: 0.30000000000000004 → 0.3. */
  private static double clean(double v) {
    return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.10g", v));
  }
}
