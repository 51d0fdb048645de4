package org.aoissl.eval;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;

/** Feeds each (prediction, ground truth) pair to every segmentation metric and builds the report. */
public final class SegmentationMeter {
  private final ClassSet classes;
  private final IouMeter iou;
  private final ClDice clDice;
  private final BoundaryF1 boundary;
  private final Confusion confusion;

  public SegmentationMeter(ClassSet classes, int tolerance) {
    this.classes = classes;
    int k = classes.size();
    iou = new IouMeter(k);
    clDice = new ClDice(k);
    boundary = new BoundaryF1(k, tolerance);
    confusion = new Confusion(k);
  }

  /** Adds one image; see {@link IouMeter#add} for the checks. */
  public void add(String imageId, Mask pred, Mask gt) {
    // IoU first: it also refuses a repeated image id before the other meters count it.
    iou.add(imageId, pred, gt);
    clDice.add(imageId, pred, gt);
    boundary.add(imageId, pred, gt);
    confusion.add(imageId, pred, gt);
  }

  public int images() {
    return iou.images();
  }

  public SegmentationReport report() {
    double[] pooled = iou.pooledIou();
    double[] perImage = iou.perImageMeanIou();
    double[] cl = clDice.pooled();
    double[] clImage = clDice.perImageMean();
    double[] bp = boundary.precision();
    double[] br = boundary.recall();
    double[] bf = boundary.f1();
    long[] tp = iou.tp();
    long[] fp = iou.fp();
    long[] fn = iou.fn();
    List<ClassScores> rows = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      rows.add(new ClassScores(classes.name(k), pooled[k], perImage[k], cl[k], clImage[k], bp[k],
          br[k], bf[k], tp[k], fp[k], fn[k]));
    }
    return new SegmentationReport(
        iou.images(), boundary.tolerance(), rows, confusion.counts(), iou.perImage());
  }
}
