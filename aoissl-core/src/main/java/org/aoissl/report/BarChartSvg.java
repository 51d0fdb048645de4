package org.aoissl.report;

import java.util.List;

/**
 * Draws a {@link BarChart} as inline SVG. Each bar is {@code <rect class="bar" data-value="v" ...>}
 * whose height is proportional to its distance from the baseline, so tests can check it.
 */
final class BarChartSvg {
  static final int WIDTH = 960;
  static final int HEIGHT = 340;
  private static final int LEFT = 64;
  private static final int RIGHT = 12;
  private static final int TOP = 18;
  private static final int BOTTOM = 40;

  private BarChartSvg() {}

  static String render(BarChart c) {
    List<BarSeries> series = c.series();
    int groups = c.groups().size();
    double lo = c.yMin();
    double hi = c.yMax();
    double[] ticks;
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      double dataLo = 0;
      double dataHi = 0;
      for (BarSeries s : series) {
        for (double v : s.values()) {
          if (Double.isFinite(v)) {
            dataLo = Math.min(dataLo, v);
            dataHi = Math.max(dataHi, v);
          }
        }
      }
      ticks = Axis.ticks(Double.isNaN(lo) ? dataLo : lo, Double.isNaN(hi) ? dataHi : hi, 5);
      lo = Double.isNaN(lo) ? ticks[0] : lo;
      hi = Double.isNaN(hi) ? ticks[ticks.length - 1] : hi;
    }
    ticks = Axis.ticksWithin(lo, hi, 5);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double yLo = lo;
    double yHi = hi;
    java.util.function.DoubleUnaryOperator y =
        v -> TOP + plotH * (yHi - Math.max(yLo, Math.min(yHi, v))) / (yHi - yLo);
    double base = Math.max(lo, Math.min(hi, 0));

    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(Html.esc(c.title())).append("\">\n");
    double spacing = ticks.length > 1 ? ticks[1] - ticks[0] : hi - lo;
    for (double t : ticks) {
      String ty = Html.xy(y.applyAsDouble(t));
      b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
          .append("\" y1=\"").append(ty).append("\" y2=\"").append(ty).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(ty)
          .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
          .append(Axis.label(t, spacing)).append("</text>\n");
    }
    double groupW = plotW / groups;
    double inner = groupW * (series.size() == 1 ? 0.6 : 0.84);
    double barW = inner / series.size();
    double gap = Math.min(3, barW * 0.15);
    boolean labels = barW >= 26;
    for (int g = 0; g < groups; g++) {
      double gx = LEFT + g * groupW;
      if (g > 0) {
        b.append("<line class=\"sep\" x1=\"").append(Html.xy(gx)).append("\" x2=\"")
            .append(Html.xy(gx)).append("\" y1=\"").append(TOP).append("\" y2=\"")
            .append(HEIGHT - BOTTOM).append("\"/>");
      }
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[g];
        double x = gx + (groupW - inner) / 2 + s * barW + gap / 2;
        double w = barW - gap;
        String tip = Html.esc(series.get(s).name() + " · " + c.groups().get(g) + ": "
            + (Double.isFinite(v) ? Html.num(v, Math.max(c.decimals(), 4)) : "n/a"));
        if (!Double.isFinite(v)) {
          b.append("<text class=\"na\" x=\"").append(Html.xy(x + w / 2)).append("\" y=\"")
              .append(Html.xy(y.applyAsDouble(base) - 4))
              .append("\" text-anchor=\"middle\">n/a<title>")
              .append(tip).append("</title></text>\n");
          continue;
        }
        double yv = y.applyAsDouble(v);
        double yb = y.applyAsDouble(base);
        b.append("<rect class=\"bar\" data-value=\"").append(v).append("\" x=\"").append(Html.xy(x))
            .append("\" y=\"").append(Html.xy(Math.min(yv, yb))).append("\" width=\"")
            .append(Html.xy(w)).append("\" height=\"")
            .append(String.format(java.util.Locale.ROOT, "%.3f", Math.abs(yb - yv)))
            .append("\" fill=\"").append(Html.hex(Html.seriesColour(s))).append("\"><title>")
            .append(tip).append("</title></rect>\n");
        if (labels) {
          boolean below = v < base;
          b.append("<text class=\"val\" x=\"").append(Html.xy(x + w / 2)).append("\" y=\"")
              .append(Html.xy(below ? yv + 12 : yv - 4)).append("\" text-anchor=\"middle\">")
              .append(Html.num(v, c.decimals())).append("</text>\n");
        }
      }
      b.append("<text class=\"glabel\" x=\"").append(Html.xy(gx + groupW / 2)).append("\" y=\"")
          .append(HEIGHT - BOTTOM + 22).append("\" text-anchor=\"middle\">")
          .append(Html.esc(c.groups().get(g))).append("</text>\n");
    }
    String by = Html.xy(y.applyAsDouble(base));
    b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
        .append("\" y1=\"").append(by).append("\" y2=\"").append(by).append("\"/>\n");
    b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT)
        .append("\" y1=\"").append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
    if (!c.yLabel().isEmpty()) {
      b.append("<text class=\"alabel\" transform=\"translate(16 ").append(Html.xy(TOP + plotH / 2))
          .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.esc(c.yLabel()))
          .append("</text>\n");
    }
    return b.append("</svg>").toString();
  }
}
