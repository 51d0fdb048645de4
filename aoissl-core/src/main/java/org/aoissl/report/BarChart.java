package org.aoissl.report;

import java.util.List;

/**
 * A grouped bar chart, e.g. per-class IoU: one group per class (plus the mean), one coloured bar per
 * series (method) in each group. The y axis spans [{@code yMin}, {@code yMax}]; NaN ends are chosen
 * from the data (always including 0). Bars start at 0, or at the axis end nearest to it; values
 * beyond the axis are cut at its ends (the label still shows the value). Bar labels
 * show {@code decimals} decimals; the exact value is in each bar's tooltip.
 */
public record BarChart(
    String title,
    String caption,
    String yLabel,
    List<String> groups,
    List<BarSeries> series,
    double yMin,
    double yMax,
    int decimals)
    implements Section {
  public BarChart {
    Report.requireTitle(title);
    caption = caption == null ? "" : caption;
    yLabel = yLabel == null ? "" : yLabel;
    groups = List.copyOf(groups);
    series = List.copyOf(series);
    if (groups.isEmpty() || series.isEmpty()) {
      throw new IllegalArgumentException("bar chart '" + title + "' needs groups and series; got "
          + groups.size() + " groups, " + series.size() + " series");
    }
    for (BarSeries s : series) {
      if (s.values().length != groups.size()) {
        throw new IllegalArgumentException("series '" + s.name() + "' has " + s.values().length
            + " values; expected one per group (" + groups.size() + ")");
      }
    }
    if (!Double.isNaN(yMin) && !Double.isNaN(yMax) && !(yMin < yMax)) {
      throw new IllegalArgumentException("yMin must be below yMax; got " + yMin + ", " + yMax);
    }
    if (decimals < 0 || decimals > 6) {
      throw new IllegalArgumentException("decimals must be in [0, 6]; got " + decimals);
    }
  }

  /** Values in [0, 1] (IoU, F1, accuracy), labels with 2 decimals. */
  public static BarChart unit(
      String title, String caption, String yLabel, List<String> groups, List<BarSeries> series) {
    return new BarChart(title, caption, yLabel, groups, series, 0, 1, 2);
  }

  /** Any values; the axis is fitted to them. */
  public static BarChart of(
      String title, String caption, String yLabel, List<String> groups, List<BarSeries> series) {
    return new BarChart(title, caption, yLabel, groups, series, Double.NaN, Double.NaN, 2);
  }

  public BarChart withRange(double min, double max) {
    return new BarChart(title, caption, yLabel, groups, series, min, max, decimals);
  }

  public BarChart withDecimals(int d) {
    return new BarChart(title, caption, yLabel, groups, series, yMin, yMax, d);
  }
}
