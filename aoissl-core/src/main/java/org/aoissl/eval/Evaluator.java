package org.aoissl.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Mask;
import org.aoissl.data.MaskCodec;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;

/**
 * Scores a folder of predicted label files against ground-truth datasets. Predictions are label PNGs
 * named {@code <sample id>.png} in {@code predDir/labels/}, or directly in {@code predDir} when it has
 * no {@code labels/} folder; bit-packed multi-label by default. Every labeled ground-truth image must
 * have a prediction of its size; unlabeled images are skipped, and predictions without ground truth
 * are not read. A predicted ignore value (255) counts as "no class".
 */
public final class Evaluator {
  private Evaluator() {}

  /** Evaluates bit-packed predictions, without progress reports. */
  public static SegmentationReport evaluate(
      Path predDir, List<Dataset> gt, ClassSet classes, int tolerance) throws IOException {
    return evaluate(predDir, gt, classes, tolerance, LabelEncoding.BITS, null);
  }

  /**
   * Evaluates the predictions in {@code predDir} against every labeled image of {@code gt}.
   *
   * @param classes the class set (null: the first dataset's); every dataset must use the same
   * @param predLabels how the prediction PNGs encode classes (null: bit-packed)
   * @param progress called with the number of images done after each one, or null
   * @throws BadInputException for a missing or unreadable prediction, a size mismatch, a dataset
   *     with listing problems or other classes, a sample id found twice, or no labeled image at all
   */
  public static SegmentationReport evaluate(Path predDir, List<Dataset> gt, ClassSet classes,
      int tolerance, LabelEncoding predLabels, IntConsumer progress) throws IOException {
    if (gt.isEmpty()) {
      throw new IllegalArgumentException("no ground-truth dataset given");
    }
    ClassSet cs = classes != null ? classes : gt.get(0).classes();
    LabelEncoding encoding = predLabels != null ? predLabels : LabelEncoding.BITS;
    Path dir = predictionFolder(predDir);
    List<Dataset> owners = new ArrayList<>();
    List<Sample> samples = labeledSamples(gt, cs, owners);
    // Fail on a missing prediction before spending time on the others.
    for (Sample s : samples) {
      Path f = dir.resolve(s.id() + ".png");
      if (!Files.isRegularFile(f)) {
        throw new BadInputException(f, "missing prediction for ground-truth image " + s.id());
      }
    }
    SegmentationMeter meter = new SegmentationMeter(cs, tolerance);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      Path f = dir.resolve(s.id() + ".png");
      Mask truth = owners.get(i).read(s).mask();
      Mask pred = MaskCodec.read(f, encoding, cs);
      if (pred.height() != truth.height() || pred.width() != truth.width()) {
        throw new BadInputException(f, "prediction is " + pred.width() + "x" + pred.height()
            + " but ground truth " + s.id() + " is " + truth.width() + "x" + truth.height());
      }
      meter.add(s.id(), pred, truth);
      if (progress != null) {
        progress.accept(i + 1);
      }
    }
    return meter.report();
  }

  /** How many images {@link #evaluate} will score: the labeled samples of the datasets. */
  public static int labeledCount(List<Dataset> gt) {
    int n = 0;
    for (Dataset d : gt) {
      n += (int) d.samples().stream().filter(d::isLabeled).count();
    }
    return n;
  }

  private static Path predictionFolder(Path predDir) throws BadInputException {
    if (!Files.isDirectory(predDir)) {
      throw new BadInputException(predDir, Files.exists(predDir) ? "not a folder" : "folder not found");
    }
    Path labels = predDir.resolve("labels");
    return Files.isDirectory(labels) ? labels : predDir;
  }

  private static List<Sample> labeledSamples(List<Dataset> gt, ClassSet cs, List<Dataset> owners)
      throws BadInputException {
    List<Sample> out = new ArrayList<>();
    Map<String, Dataset> seen = new HashMap<>();
    for (Dataset d : gt) {
      d.requireNoProblems();
      if (!d.classes().equals(cs)) {
        throw new BadInputException(d.root(),
            "dataset classes [" + d.classes() + "] differ from the evaluated classes [" + cs + "]");
      }
      for (Sample s : d.samples()) {
        if (!d.isLabeled(s)) {
          continue;
        }
        Dataset before = seen.putIfAbsent(s.id(), d);
        if (before != null) {
          throw new BadInputException(s.labelFile() != null ? s.labelFile() : s.imageFiles().get(0),
              "image id " + s.id() + " also appears in " + before.root()
                  + "; predictions are matched by id, so ids must be unique");
        }
        out.add(s);
        owners.add(d);
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException(gt.get(0).root(), "no labeled images to evaluate against");
    }
    return out;
  }
}
