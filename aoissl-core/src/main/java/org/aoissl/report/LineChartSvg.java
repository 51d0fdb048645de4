package org.aoissl.report;

import java.util.ArrayList;
import java.util.List;

/** Draws a {@link LineChart} as inline SVG: one decimated polyline per series. */
final class LineChartSvg {
  static final int WIDTH = 960;
  static final int HEIGHT = 360;
  /** Points drawn per series at most; about one per half pixel of plot width. */
  static final int MAX_POINTS = 1600;
  private static final int LEFT = 72;
  private static final int RIGHT = 16;
  private static final int TOP = 14;
  private static final int BOTTOM = 46;

  private LineChartSvg() {}

  static String render(LineChart c) {
    List<LineSeries> drawn = new ArrayList<>();
    double xLo = Double.POSITIVE_INFINITY;
    double xHi = Double.NEGATIVE_INFINITY;
    double yLo = Double.POSITIVE_INFINITY;
    double yHi = Double.NEGATIVE_INFINITY;
    for (LineSeries s : c.series()) {
      LineSeries d = (c.logY() ? positive(s) : s).decimate(MAX_POINTS);
      drawn.add(d);
      double[] xs = d.x();
      double[] ys = d.y();
      for (int i = 0; i < xs.length; i++) {
        xLo = Math.min(xLo, xs[i]);
        xHi = Math.max(xHi, xs[i]);
        yLo = Math.min(yLo, ys[i]);
        yHi = Math.max(yHi, ys[i]);
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(Html.esc(c.title())).append("\">\n");
    if (xLo > xHi) {
      b.append("<text class=\"na\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
          .append("\" text-anchor=\"middle\">no finite points to draw</text>\n");
      return b.append("</svg>").toString();
    }
    double[] xt = Axis.ticks(xLo, xHi, 8);
    double x0 = xt[0];
    double x1 = xt[xt.length - 1];
    double[] yt;
    double y0;
    double y1;
    if (c.logY()) {
      yt = Axis.logTicks(yLo, yHi);
      y0 = Math.log10(yt[0]);
      y1 = Math.log10(yt[yt.length - 1]);
    } else {
      yt = Axis.ticks(yLo, yHi, 6);
      y0 = yt[0];
      y1 = yt[yt.length - 1];
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    boolean log = c.logY();
    java.util.function.DoubleUnaryOperator px = v -> LEFT + plotW * (v - x0) / (x1 - x0);
    java.util.function.DoubleUnaryOperator py =
        v -> TOP + plotH * (y1 - (log ? Math.log10(v) : v)) / (y1 - y0);

    double ySpacing = yt.length > 1 ? yt[1] - yt[0] : 1;
    for (double t : yt) {
      String ty = Html.xy(py.applyAsDouble(t));
      b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
          .append("\" y1=\"").append(ty).append("\" y2=\"").append(ty).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(ty)
          .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
          .append(log ? Axis.logLabel(t) : Axis.label(t, ySpacing)).append("</text>\n");
    }
    double xSpacing = xt.length > 1 ? xt[1] - xt[0] : 1;
    for (double t : xt) {
      String tx = Html.xy(px.applyAsDouble(t));
      b.append("<line class=\"grid\" x1=\"").append(tx).append("\" x2=\"").append(tx)
          .append("\" y1=\"").append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(tx).append("\" y=\"")
          .append(HEIGHT - BOTTOM + 16).append("\" text-anchor=\"middle\">")
          .append(Axis.label(t, xSpacing)).append("</text>\n");
    }
    b.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP)
        .append("\" width=\"").append(Html.xy(plotW)).append("\" height=\"").append(Html.xy(plotH))
        .append("\"/>\n");
    for (int s = 0; s < drawn.size(); s++) {
      LineSeries d = drawn.get(s);
      double[] xs = d.x();
      double[] ys = d.y();
      StringBuilder pts = new StringBuilder(xs.length * 12);
      for (int i = 0; i < xs.length; i++) {
        pts.append(i == 0 ? "" : " ").append(Html.xy(px.applyAsDouble(xs[i]))).append(',')
            .append(Html.xy(py.applyAsDouble(ys[i])));
      }
      String colour = Html.hex(Html.seriesColour(s));
      if (xs.length == 1) {
        b.append("<circle cx=\"").append(Html.xy(px.applyAsDouble(xs[0]))).append("\" cy=\"")
            .append(Html.xy(py.applyAsDouble(ys[0]))).append("\" r=\"3\" fill=\"").append(colour)
            .append("\"/>\n");
      }
      b.append("<polyline class=\"line\" data-points=\"").append(xs.length)
          .append("\" stroke=\"").append(colour).append("\" points=\"").append(pts)
          .append("\"><title>").append(Html.esc(d.name())).append("</title></polyline>\n");
    }
    if (!c.xLabel().isEmpty()) {
      b.append("<text class=\"alabel\" x=\"").append(Html.xy(LEFT + plotW / 2)).append("\" y=\"")
          .append(HEIGHT - 8).append("\" text-anchor=\"middle\">").append(Html.esc(c.xLabel()))
          .append("</text>\n");
    }
    if (!c.yLabel().isEmpty()) {
      b.append("<text class=\"alabel\" transform=\"translate(16 ").append(Html.xy(TOP + plotH / 2))
          .append(") rotate(-90)\" text-anchor=\"middle\">")
          .append(Html.esc(c.yLabel() + (log ? " (log scale)" : ""))).append("</text>\n");
    }
    return b.append("</svg>").toString();
  }

  /** The points with y > 0: the only ones a log axis can show. */
  private static LineSeries positive(LineSeries s) {
    double[] xs = s.x();
    double[] ys = s.y();
    for (int i = 0; i < ys.length; i++) {
      if (!(ys[i] > 0)) {
        ys[i] = Double.NaN;
      }
    }
    return new LineSeries(s.name(), xs, ys);
  }
}
