package org.aoissl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.eval.ClassScores;
import org.aoissl.eval.SegmentationReport;

/**
 * Report sections from {@link SegmentationReport}s, one per method in the map's order (use a {@link
 * java.util.LinkedHashMap}); every report must score the same classes.
 */
public final class SegmentationSections {
  private SegmentationSections() {}

  /** Per-class pooled IoU, mIoU, mean clDice and mean boundary F1 per method; best in bold. */
  public static Table scoreTable(
      String title, String caption, Map<String, SegmentationReport> byMethod) {
    List<String> classes = classNames(byMethod);
    List<Column> cols = new ArrayList<>();
    cols.add(Column.of("method"));
    classes.forEach(c -> cols.add(Column.higherBetter(c + " IoU", 3)));
    cols.add(Column.higherBetter("mIoU", 3));
    cols.add(Column.higherBetter("clDice", 3));
    cols.add(Column.higherBetter("boundary F1", 3));
    List<List<Cell>> rows = new ArrayList<>();
    byMethod.forEach((method, r) -> {
      List<Cell> row = new ArrayList<>();
      row.add(Cell.text(method));
      r.classes().forEach(c -> row.add(Cell.number(c.iou())));
      ClassScores mean = r.mean();
      row.add(Cell.number(mean.iou()));
      row.add(Cell.number(mean.clDice()));
      row.add(Cell.number(mean.boundaryF1()));
      rows.add(row);
    });
    return new Table(title, caption, cols, rows);
  }

  /** Pooled IoU per class and their mean, one bar per method. */
  public static BarChart iouBars(
      String title, String caption, Map<String, SegmentationReport> byMethod) {
    List<String> groups = new ArrayList<>(classNames(byMethod));
    groups.add("mean");
    List<BarSeries> series = new ArrayList<>();
    byMethod.forEach((method, r) -> {
      double[] v = new double[groups.size()];
      for (int k = 0; k < r.classes().size(); k++) {
        v[k] = r.classes().get(k).iou();
      }
      v[groups.size() - 1] = r.miou();
      series.add(new BarSeries(method, v));
    });
    return BarChart.unit(title, caption, "IoU", groups, series);
  }

  private static List<String> classNames(Map<String, SegmentationReport> byMethod) {
    if (byMethod.isEmpty()) {
      throw new IllegalArgumentException("no segmentation reports to show");
    }
    List<String> names = null;
    for (Map.Entry<String, SegmentationReport> e : byMethod.entrySet()) {
      List<String> these = e.getValue().classes().stream().map(ClassScores::name).toList();
      if (names == null) {
        names = these;
      } else if (!names.equals(these)) {
        throw new IllegalArgumentException(
            "method '" + e.getKey() + "' scores classes " + these + "; others score " + names);
      }
    }
    return names;
  }
}
