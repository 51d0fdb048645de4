package org.aoissl.retrieval;

import java.util.Arrays;
import java.util.List;
import org.aoissl.data.Mask;

/**
 * Image-level retrieval (the paper's simplest baseline): find the {@code k} support images whose CLS
 * embeddings are most similar to the query's, and blend their masks, resized to the query's size,
 * with the inverse-distance weights of {@link DistanceAggregator}. It works when the query shows the
 * same device at nearly the same position as some support image, and degrades gracefully otherwise.
 *
 * @param k number of support images to blend; when fewer are given, all are used
 */
public record ImageAggregator(int k) {
  public ImageAggregator {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1; got " + k);
    }
  }

  /**
   * The nearest support images to the query by cosine similarity of their L2-normalised CLS vectors,
   * best first (ties: lower index first), as one query's {@link Neighbors} with {@code min(k, n)}
   * entries.
   */
  public Neighbors nearest(float[] queryCls, List<float[]> supportCls) {
    if (supportCls.isEmpty()) {
      throw new IllegalArgumentException("no support images to retrieve from");
    }
    float[] q = normalised(queryCls);
    int n = supportCls.size();
    float[] sims = new float[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      float[] s = supportCls.get(i);
      if (s.length != q.length) {
        throw new IllegalArgumentException("support CLS vector " + i + " has dimension " + s.length
            + ", the query's has " + q.length);
      }
      sims[i] = dot(q, normalised(s));
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> sims[a] != sims[b] ? Float.compare(sims[b], sims[a]) : a - b);
    int kk = Math.min(k, n);
    int[] ids = new int[kk];
    float[] top = new float[kk];
    for (int j = 0; j < kk; j++) {
      ids[j] = order[j];
      top[j] = sims[order[j]];
    }
    return new Neighbors(1, kk, ids, top);
  }

  /**
   * Blended per-class scores {@code [K, H, W]} for a query of size {@code H × W}. Each selected support
   * mask's class planes are resized bilinearly (as {@link ScoreMaps#upsample}) together with its
   * not-ignored plane; a pixel's score is Σ_i w_i·class_i / Σ_i w_i·valid_i, so ignored support pixels
   * vote for nothing and the remaining votes are re-normalised per pixel (0 where nobody votes).
   */
  public float[] scores(
      float[] queryCls, List<float[]> supportCls, List<Mask> supportMasks, int h, int w) {
    if (supportCls.size() != supportMasks.size()) {
      throw new IllegalArgumentException(supportCls.size() + " support CLS vectors but "
          + supportMasks.size() + " support masks");
    }
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("query size must be positive; got " + w + "x" + h);
    }
    Neighbors nb = nearest(queryCls, supportCls);
    int numClasses = supportMasks.get(0).numClasses();
    for (Mask m : supportMasks) {
      if (m.numClasses() != numClasses) {
        throw new IllegalArgumentException("support masks disagree on the number of classes: "
            + m.numClasses() + " vs " + numClasses);
      }
    }
    float[] weights = new DistanceAggregator().weights(nb, 0, nb.k());
    int plane = h * w;
    double[] votes = new double[numClasses * plane]; // [K, H, W]
    double[] voting = new double[plane]; // [H, W]
    for (int j = 0; j < nb.k(); j++) {
      Mask m = supportMasks.get(nb.id(0, j));
      float[] resized = ScoreMaps.upsample(
          validWeightedPlanes(m), numClasses + 1, m.height(), m.width(), h, w); // [K + 1, H, W]
      for (int c = 0; c <= numClasses; c++) {
        double[] target = c < numClasses ? votes : voting;
        int base = c < numClasses ? c * plane : 0;
        for (int i = 0; i < plane; i++) {
          target[base + i] += weights[j] * resized[c * plane + i];
        }
      }
    }
    float[] out = new float[numClasses * plane];
    for (int c = 0; c < numClasses; c++) {
      for (int i = 0; i < plane; i++) {
        if (voting[i] > 0) {
          out[c * plane + i] = (float) Math.min(1.0, votes[c * plane + i] / voting[i]);
        }
      }
    }
    return out;
  }

  /** {@code [K + 1, h, w]}: class planes zeroed at ignored pixels, then the not-ignored plane. */
  private static float[] validWeightedPlanes(Mask m) {
    int numClasses = m.numClasses();
    int plane = m.height() * m.width();
    float[] out = new float[(numClasses + 1) * plane];
    for (int y = 0; y < m.height(); y++) {
      for (int x = 0; x < m.width(); x++) {
        if (m.isIgnored(y, x)) {
          continue;
        }
        int i = y * m.width() + x;
        out[numClasses * plane + i] = 1;
        int bits = m.classBits(y, x);
        for (int c = 0; c < numClasses; c++) {
          if ((bits & (1 << c)) != 0) {
            out[c * plane + i] = 1;
          }
        }
      }
    }
    return out;
  }

  /** The vector over (its norm + 1e-8), as the paper's image retrieval normalises. */
  private static float[] normalised(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    double scale = 1.0 / (Math.sqrt(norm) + 1e-8);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * scale);
    }
    return out;
  }

  private static float dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }
}
