package org.aoissl.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aoissl.data.Mask;

/**
 * Per-class binary IoU of multi-label masks, two ways. <em>Pooled</em>: true/false positives and false
 * negatives summed over all images, then {@code TP / (TP + FP + FN)}; large images and large objects
 * weigh more. <em>Per-image mean</em>: IoU of each image, averaged over the images where the class
 * occurs in prediction or ground truth (an empty union says nothing about a class). Pixels the ground
 * truth ignores count nowhere. NaN marks a class with no union anywhere.
 */
public final class IouMeter {
  private final int numClasses;
  private final long[] tp;
  private final long[] fp;
  private final long[] fn;
  private final double[] imageIouSum;
  private final int[] imageCount;
  private final Map<String, double[]> perImage = new LinkedHashMap<>();

  public IouMeter(int numClasses) {
    if (numClasses < 1 || numClasses > 8) {
      throw new IllegalArgumentException("numClasses must be in 1..8; got " + numClasses);
    }
    this.numClasses = numClasses;
    tp = new long[numClasses];
    fp = new long[numClasses];
    fn = new long[numClasses];
    imageIouSum = new double[numClasses];
    imageCount = new int[numClasses];
  }

  /** Adds one image; sizes and class counts must match, and each image id may come once. */
  public void add(String imageId, Mask pred, Mask gt) {
    Metrics.checkPair(imageId, pred, gt, numClasses);
    if (perImage.containsKey(imageId)) {
      throw new IllegalArgumentException("image " + imageId + " was already added");
    }
    long[] t = new long[numClasses];
    long[] p = new long[numClasses];
    long[] n = new long[numClasses];
    for (int y = 0; y < gt.height(); y++) {
      for (int x = 0; x < gt.width(); x++) {
        if (gt.isIgnored(y, x)) {
          continue;
        }
        int pb = pred.classBits(y, x);
        int gb = gt.classBits(y, x);
        count(t, pb & gb);
        count(p, pb & ~gb);
        count(n, gb & ~pb);
      }
    }
    double[] iou = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      tp[k] += t[k];
      fp[k] += p[k];
      fn[k] += n[k];
      iou[k] = Metrics.ratio(t[k], t[k] + p[k] + n[k]);
      if (!Double.isNaN(iou[k])) {
        imageIouSum[k] += iou[k];
        imageCount[k]++;
      }
    }
    perImage.put(imageId, iou);
  }

  private static void count(long[] c, int bits) {
    for (int b = bits; b != 0; b &= b - 1) {
      c[Integer.numberOfTrailingZeros(b)]++;
    }
  }

  public int numClasses() {
    return numClasses;
  }

  /** Per-class IoU from counts summed over all images. */
  public double[] pooledIou() {
    double[] out = new double[numClasses];
    for (int k = 0; k < numClasses; k++) {
      out[k] = Metrics.ratio(tp[k], tp[k] + fp[k] + fn[k]);
    }
    return out;
  }

  /** Mean of {@link #pooledIou()} over classes whose pooled union is non-empty. */
  public double pooledMiou() {
    return Metrics.nanMean(pooledIou());
  }

  /** Per-class mean of per-image IoU over the images where the class has a non-empty union. */
  public double[] perImageMeanIou() {
    return Metrics.means(imageIouSum, imageCount);
  }

  /** Mean of {@link #perImageMeanIou()} over classes that occur in some image. */
  public double perImageMiou() {
    return Metrics.nanMean(perImageMeanIou());
  }

  /** Each image's per-class IoU (NaN where the class's union is empty), in the order added. */
  public Map<String, double[]> perImage() {
    Map<String, double[]> out = new LinkedHashMap<>();
    perImage.forEach((id, v) -> out.put(id, v.clone()));
    return Collections.unmodifiableMap(out);
  }

  public long[] tp() {
    return tp.clone();
  }

  public long[] fp() {
    return fp.clone();
  }

  public long[] fn() {
    return fn.clone();
  }

  public int images() {
    return perImage.size();
  }
}
