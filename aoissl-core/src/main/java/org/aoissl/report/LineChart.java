package org.aoissl.report;

import java.util.List;

/**
 * A line chart of named series, e.g. loss against step; {@code logY} draws y on a log scale (points
 * with y ≤ 0 are then left out). Series of thousands of points are decimated for drawing (see {@link
 * LineSeries#decimate}).
 */
public record LineChart(
    String title,
    String caption,
    String xLabel,
    String yLabel,
    boolean logY,
    List<LineSeries> series)
    implements Section {
  public LineChart {
    Report.requireTitle(title);
    caption = caption == null ? "" : caption;
    xLabel = xLabel == null ? "" : xLabel;
    yLabel = yLabel == null ? "" : yLabel;
    series = List.copyOf(series);
    if (series.isEmpty()) {
      throw new IllegalArgumentException("line chart '" + title + "' needs at least one series");
    }
  }

  public static LineChart of(
      String title, String caption, String xLabel, String yLabel, List<LineSeries> series) {
    return new LineChart(title, caption, xLabel, yLabel, false, series);
  }

  public LineChart withLogY() {
    return new LineChart(title, caption, xLabel, yLabel, true, series);
  }
}
