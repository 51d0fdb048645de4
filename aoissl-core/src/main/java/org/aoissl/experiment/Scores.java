package org.aoissl.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.eval.ClassScores;
import org.aoissl.eval.SegmentationReport;

/**
 * The numbers of one segmentation run that the experiment tables show: mean IoU pooled over the test
 * set, each class's pooled IoU, the first class's clDice (wires), and the mean time per image.
 */
public record Scores(int images, double miou, Map<String, Double> iou, double clDice, double msPerImage) {
  public Scores {
    iou = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(iou));
  }

  public static Scores of(SegmentationReport r, double msPerImage) {
    Map<String, Double> iou = new LinkedHashMap<>();
    for (ClassScores c : r.classes()) {
      iou.put(c.name(), c.iou());
    }
    return new Scores(r.images(), r.miou(), iou, r.classes().get(0).clDice(), msPerImage);
  }
}
