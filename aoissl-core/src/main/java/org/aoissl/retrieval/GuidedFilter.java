package org.aoissl.retrieval;

import org.aoissl.data.AoiImage;

/**
 * Edge-aware refinement of score maps guided by the raw image (He, Sun and Tang, "Guided Image
 * Filtering", ECCV 2010 / TPAMI 2013), training-free. Retrieval scores are computed per ViT patch, so
 * their boundaries are blocky or blurred over a patch; the filter fits each score plane locally as a
 * linear function of the image intensity, which snaps those boundaries to the image's edges (the wire
 * against the die) and smooths scores where the image is flat.
 *
 * <p>For every window ω_k of side 2r+1 (clipped at the image border): a_k = cov(I, p) / (var(I) + ε),
 * b_k = mean(p) − a_k·mean(I); the output is q = mean(a)·I + mean(b) over the windows covering each
 * pixel. All window means are running-sum box filters, so the cost is O(K·H·W) whatever the radius.
 */
public final class GuidedFilter {
  /**
   * About half a 16-pixel ViT patch: patch-level scores are uncertain over roughly one patch, so a
   * window of 2·8+1 = 17 pixels reaches across the whole band in which a boundary may have to move,
   * while staying local enough not to bleed across neighbouring wires.
   */
  public static final int DEFAULT_RADIUS = 8;

  /**
   * A variance threshold for the min–max stretched guide (see {@link #guideOf}): an intensity standard
   * deviation of √1e-3 ≈ 0.03 (about 8 grey levels of 255). Windows with stronger contrast (bond-wire
   * and package edges) transfer their edges to the scores; weaker variation (sensor noise, fine die
   * texture) is treated as flat and smoothed over.
   */
  public static final float DEFAULT_EPS = 1e-3f;

  private GuidedFilter() {}

  /** {@link #refine} with {@link #DEFAULT_RADIUS} and {@link #DEFAULT_EPS}. */
  public static float[] refine(float[] scores, float[] guide, int numClasses, int h, int w) {
    return refine(scores, guide, numClasses, h, w, DEFAULT_RADIUS, DEFAULT_EPS);
  }

  /**
   * Refines each class plane of {@code scores} ({@code [K, H, W]}) with {@code guide} ({@code [H, W]}).
   * The output of each plane is clamped to that plane's input range: the local linear model can
   * overshoot slightly next to strong edges, and scores must stay comparable with thresholds in (0, 1].
   *
   * @param radius window half-side in pixels, ≥ 0 (0 returns the scores unchanged)
   * @param eps regulariser &gt; 0; larger values smooth more and follow the guide's edges less
   */
  public static float[] refine(
      float[] scores, float[] guide, int numClasses, int h, int w, int radius, float eps) {
    ScoreMaps.checkLength("scores", scores, numClasses, h, w);
    ScoreMaps.checkLength("guide", guide, 1, h, w);
    if (radius < 0) {
      throw new IllegalArgumentException("radius must be >= 0; got " + radius);
    }
    if (!(eps > 0) || Float.isInfinite(eps)) {
      throw new IllegalArgumentException("eps must be a positive finite number; got " + eps);
    }
    int plane = h * w;
    float[] meanI = boxMean(guide, 0, h, w, radius);
    float[] squares = new float[plane];
    for (int i = 0; i < plane; i++) {
      squares[i] = guide[i] * guide[i];
    }
    float[] meanII = boxMean(squares, 0, h, w, radius);
    float[] out = new float[scores.length];
    float[] products = new float[plane];
    float[] a = new float[plane];
    float[] b = new float[plane];
    for (int c = 0; c < numClasses; c++) {
      int off = c * plane;
      float lo = Float.POSITIVE_INFINITY;
      float hi = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < plane; i++) {
        float p = scores[off + i];
        products[i] = guide[i] * p;
        lo = Math.min(lo, p);
        hi = Math.max(hi, p);
      }
      float[] meanP = boxMean(scores, off, h, w, radius);
      float[] meanIp = boxMean(products, 0, h, w, radius);
      for (int i = 0; i < plane; i++) {
        // Rounding can leave a tiny negative variance in flat windows; it must not cancel eps.
        float var = Math.max(0, meanII[i] - meanI[i] * meanI[i]);
        float cov = meanIp[i] - meanI[i] * meanP[i];
        a[i] = cov / (var + eps);
        b[i] = meanP[i] - a[i] * meanI[i];
      }
      float[] meanA = boxMean(a, 0, h, w, radius);
      float[] meanB = boxMean(b, 0, h, w, radius);
      for (int i = 0; i < plane; i++) {
        float q = meanA[i] * guide[i] + meanB[i];
        out[off + i] = Math.min(hi, Math.max(lo, q));
      }
    }
    return out;
  }

  /**
   * The guide for an image: the per-pixel mean over its channels, min–max stretched to [0, 1] (all 0
   * for a flat image). AOI images are often dark (mean around 0.2), and eps is an absolute variance, so
   * stretching makes one eps mean the same contrast for dim and bright images.
   */
  public static float[] guideOf(AoiImage img) {
    int plane = img.height() * img.width();
    float[] data = img.data();
    float[] out = new float[plane];
    for (int c = 0; c < img.channels(); c++) {
      for (int i = 0; i < plane; i++) {
        out[i] += data[c * plane + i];
      }
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < plane; i++) {
      out[i] /= img.channels();
      lo = Math.min(lo, out[i]);
      hi = Math.max(hi, out[i]);
    }
    float range = hi - lo;
    for (int i = 0; i < plane; i++) {
      out[i] = range > 0 ? Math.min(1f, (out[i] - lo) / range) : 0f;
    }
    return out;
  }

  /**
   * Mean over the (2r+1)² window around each pixel, clipped at the border (dividing by the number of
   * pixels inside), of the plane {@code src[off .. off + h·w)}. Two running-sum passes: rows, then
   * columns with one accumulator per column so memory is read row by row.
   */
  static float[] boxMean(float[] src, int off, int h, int w, int r) {
    float[] rows = new float[h * w]; // horizontal window sums
    for (int y = 0; y < h; y++) {
      int row = off + y * w;
      double sum = 0;
      for (int x = 0; x < Math.min(r, w - 1) + 1; x++) {
        sum += src[row + x];
      }
      for (int x = 0; x < w; x++) {
        rows[y * w + x] = (float) sum;
        if (x + r + 1 < w) {
          sum += src[row + x + r + 1];
        }
        if (x - r >= 0) {
          sum -= src[row + x - r];
        }
      }
    }
    float[] out = new float[h * w];
    double[] acc = new double[w];
    for (int y = 0; y < Math.min(r, h - 1) + 1; y++) {
      for (int x = 0; x < w; x++) {
        acc[x] += rows[y * w + x];
      }
    }
    for (int y = 0; y < h; y++) {
      int ny = Math.min(h - 1, y + r) - Math.max(0, y - r) + 1;
      for (int x = 0; x < w; x++) {
        int nx = Math.min(w - 1, x + r) - Math.max(0, x - r) + 1;
        out[y * w + x] = (float) (acc[x] / ((double) ny * nx));
      }
      if (y + r + 1 < h) {
        for (int x = 0; x < w; x++) {
          acc[x] += rows[(y + r + 1) * w + x];
        }
      }
      if (y - r >= 0) {
        for (int x = 0; x < w; x++) {
          acc[x] -= rows[(y - r) * w + x];
        }
      }
    }
    return out;
  }
}
