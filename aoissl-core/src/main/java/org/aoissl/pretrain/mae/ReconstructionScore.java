package org.aoissl.pretrain.mae;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;

/**
 * How much of each class's contrast an MAE puts back in the patches it did not see: a number for "the
 * reconstructions recover wires and bonds", where a picture only shows it. In every removed patch that
 * holds at least {@value #MIN_PIXELS} pixels of class k and as many unlabeled (background) pixels, the
 * true contrast is {@code mean(target on k) − mean(target on background)} per channel, and the
 * predicted contrast the same on the reconstruction. The recovery of k is {@code Σ pred·sign(true) /
 * Σ |true|} over those patches and channels: 1 when the class is put back at its full contrast, 0 when
 * the reconstruction is as flat as a blurred patch, negative when it is painted the wrong way. Being a
 * ratio of differences it does not depend on a per-channel affine normalisation.
 */
public final class ReconstructionScore {
  /** Pixels of a class, and of background, a removed patch needs to count. */
  public static final int MIN_PIXELS = 8;

  /** A class's recovery over {@code patches} removed patches (NaN when none qualified). */
  public record ClassScore(String name, long patches, double recovery) {}

  private final ClassSet classes;
  private final double[] predicted;
  private final double[] truth;
  private final long[] patches;

  public ReconstructionScore(ClassSet classes) {
    this.classes = classes;
    this.predicted = new double[classes.size()];
    this.truth = new double[classes.size()];
    this.patches = new long[classes.size()];
  }

  /**
   * Adds one image.
   *
   * @param target the model's input {@code [C, S, S]}
   * @param reconstruction its reconstruction {@code [C, S, S]} (only removed patches are read)
   * @param removed 1 for each removed patch, row-major over the {@code S/p × S/p} grid
   * @param mask labels of the image, {@code S × S}
   * @param p patch side
   */
  public void add(float[] target, float[] reconstruction, float[] removed, Mask mask, int p) {
    int s = mask.height();
    if (mask.width() != s || s % p != 0) {
      throw new IllegalArgumentException("mask " + mask.width() + "x" + s + " is not a square of whole " + p
          + "-pixel patches");
    }
    int g = s / p;
    int channels = target.length / (s * s);
    for (int gy = 0; gy < g; gy++) {
      for (int gx = 0; gx < g; gx++) {
        if (removed[gy * g + gx] > 0.5f) {
          addPatch(target, reconstruction, mask, channels, gy * p, gx * p, p);
        }
      }
    }
  }

  private void addPatch(float[] target, float[] rec, Mask mask, int channels, int top, int left, int p) {
    int s = mask.height();
    for (int k = 0; k < classes.size(); k++) {
      // Per channel: sums of target and reconstruction on class k (in) and on background (out).
      double[] tIn = new double[channels];
      double[] tOut = new double[channels];
      double[] rIn = new double[channels];
      double[] rOut = new double[channels];
      int in = 0;
      int out = 0;
      for (int y = top; y < top + p; y++) {
        for (int x = left; x < left + p; x++) {
          boolean onClass = mask.get(k, y, x);
          if (!onClass && (mask.classBits(y, x) != 0 || mask.isIgnored(y, x))) {
            continue; // another class, or ignored: neither side of the contrast
          }
          if (onClass) {
            in++;
          } else {
            out++;
          }
          for (int c = 0; c < channels; c++) {
            int i = (c * s + y) * s + x;
            (onClass ? tIn : tOut)[c] += target[i];
            (onClass ? rIn : rOut)[c] += rec[i];
          }
        }
      }
      if (in < MIN_PIXELS || out < MIN_PIXELS) {
        continue;
      }
      patches[k]++;
      for (int c = 0; c < channels; c++) {
        double trueContrast = tIn[c] / in - tOut[c] / out;
        double predContrast = rIn[c] / in - rOut[c] / out;
        predicted[k] += predContrast * Math.signum(trueContrast);
        truth[k] += Math.abs(trueContrast);
      }
    }
  }

  /** One score per class, in the class order. */
  public List<ClassScore> scores() {
    List<ClassScore> out = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      double r = truth[k] > 0 ? predicted[k] / truth[k] : Double.NaN;
      out.add(new ClassScore(classes.name(k), patches[k], r));
    }
    return out;
  }
}
