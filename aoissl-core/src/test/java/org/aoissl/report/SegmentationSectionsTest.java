package org.aoissl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.eval.ClassScores;
import org.aoissl.eval.SegmentationReport;
import org.junit.jupiter.api.Test;

class SegmentationSectionsTest {
  private static SegmentationReport report(double wire, double ball) {
    return new SegmentationReport(10, 2, List.of(
        new ClassScores("wire", wire, wire, 0.5, 0.5, 0.6, 0.6, 0.6, 1, 2, 3),
        new ClassScores("ball", ball, ball, 0.7, 0.7, 0.8, 0.8, 0.8, 4, 5, 6)),
        new long[3][3], Map.of());
  }

  @Test
  void tableAndBarsShowEachMethodsScores() {
    Map<String, SegmentationReport> m = new LinkedHashMap<>();
    m.put("supervised", report(0.5, 0.75));
    m.put("MAE", report(0.625, Double.NaN));
    Table t = SegmentationSections.scoreTable("scores", "", m);
    assertThat(t.columns()).extracting(Column::header)
        .containsExactly("method", "wire IoU", "ball IoU", "mIoU", "clDice", "boundary F1");
    assertThat(t.rows().get(1)).extracting(Cell::number).containsExactly(
        Double.NaN, 0.625, Double.NaN, 0.625, 0.6, 0.7); // mean skips the NaN class
    BarChart b = SegmentationSections.iouBars("iou", "", m);
    assertThat(b.groups()).containsExactly("wire", "ball", "mean");
    assertThat(b.series().get(0).values()).containsExactly(0.5, 0.75, 0.625);
    assertThat(b.series()).extracting(BarSeries::name).containsExactly("supervised", "MAE");

    m.put("other", new SegmentationReport(1, 2, List.of(
        new ClassScores("epoxy", 1, 1, 1, 1, 1, 1, 1, 0, 0, 0)), new long[2][2], Map.of()));
    assertThatThrownBy(() -> SegmentationSections.iouBars("iou", "", m))
        .hasMessageContaining("method 'other' scores classes [epoxy]");
  }
}
