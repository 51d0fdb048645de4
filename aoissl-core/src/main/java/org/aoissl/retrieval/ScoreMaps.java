package org.aoissl.retrieval;

import java.util.List;

/**
 * Helpers on per-class score maps {@code [K, H, W]} (class-major, row-major planes): layout conversion
 * from patch scores, bilinear resizing as PyTorch does it, and merging maps computed on shifted grids.
 */
public final class ScoreMaps {
  private ScoreMaps() {}

  /** Patch scores {@code [gh·gw, K]} (one row per query patch) to class planes {@code [K, gh, gw]}. */
  public static float[] toPlanes(float[] patchScores, int numClasses, int gh, int gw) {
    checkLength("patch scores", patchScores, numClasses, gh, gw);
    int cells = gh * gw;
    float[] out = new float[patchScores.length];
    for (int q = 0; q < cells; q++) {
      for (int c = 0; c < numClasses; c++) {
        out[c * cells + q] = patchScores[q * numClasses + c];
      }
    }
    return out;
  }

  /**
   * Resizes {@code [K, h, w]} to {@code [K, H, W]} bilinearly with PyTorch's {@code
   * F.interpolate(mode="bilinear", align_corners=False)} semantics: output pixel {@code d} samples
   * source coordinate {@code (d + 0.5) · in / out − 0.5}, clamped at 0 below and at the last pixel
   * above. Works for shrinking too, without antialiasing (PyTorch's default).
   */
  public static float[] upsample(float[] scores, int numClasses, int h, int w, int outH, int outW) {
    checkLength("scores", scores, numClasses, h, w);
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException("output size must be positive; got " + outW + "x" + outH);
    }
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] fy = new float[outH];
    sourceTaps(h, outH, y0, y1, fy);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    sourceTaps(w, outW, x0, x1, fx);
    float[] out = new float[numClasses * outH * outW];
    for (int c = 0; c < numClasses; c++) {
      int src = c * h * w;
      int dst = c * outH * outW;
      for (int y = 0; y < outH; y++) {
        int r0 = src + y0[y] * w;
        int r1 = src + y1[y] * w;
        float b = fy[y];
        for (int x = 0; x < outW; x++) {
          float a = fx[x];
          float top = (1 - a) * scores[r0 + x0[x]] + a * scores[r0 + x1[x]];
          float bottom = (1 - a) * scores[r1 + x0[x]] + a * scores[r1 + x1[x]];
          out[dst + y * outW + x] = (1 - b) * top + b * bottom;
        }
      }
    }
    return out;
  }

  /** For each output index along one axis: the two source taps and the weight of the second. */
  private static void sourceTaps(int in, int out, int[] i0, int[] i1, float[] frac) {
    double scale = (double) in / out;
    for (int d = 0; d < out; d++) {
      double s = Math.max(0, (d + 0.5) * scale - 0.5);
      int lo = Math.min((int) s, in - 1);
      i0[d] = lo;
      i1[d] = lo < in - 1 ? lo + 1 : lo;
      frac[d] = (float) (s - lo);
    }
  }

  /**
   * Moves a {@code [K, h, w]} map computed on the image region whose top-left corner is image pixel
   * {@code (dy, dx)} back into image coordinates {@code [K, H, W]}: image pixel (y, x) takes map pixel
   * (y − dy, x − dx) where the map covers it, and {@code base}'s value (the unshifted map, {@code [K, H,
   * W]}) elsewhere. Positive offsets come from cropping the image's top/left, negative ones from padding.
   */
  public static float[] shift(
      float[] map, int numClasses, int h, int w, int dy, int dx, float[] base, int outH, int outW) {
    checkLength("shifted map", map, numClasses, h, w);
    checkLength("base map", base, numClasses, outH, outW);
    float[] out = base.clone();
    int yFrom = Math.max(0, dy);
    int yTo = Math.min(outH, dy + h);
    int xFrom = Math.max(0, dx);
    int xTo = Math.min(outW, dx + w);
    if (xFrom >= xTo) {
      return out;
    }
    for (int c = 0; c < numClasses; c++) {
      for (int y = yFrom; y < yTo; y++) {
        System.arraycopy(map, (c * h + y - dy) * w + xFrom - dx,
            out, (c * outH + y) * outW + xFrom, xTo - xFrom);
      }
    }
    return out;
  }

  /** {@link #shift(float[], int, int, int, int, int, float[], int, int)} for a map of the image's size. */
  public static float[] shift(float[] map, int numClasses, int h, int w, int dy, int dx, float[] base) {
    return shift(map, numClasses, h, w, dy, dx, base, h, w);
  }

  /** Element-wise mean of equally shaped maps. */
  public static float[] average(List<float[]> maps) {
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("nothing to average");
    }
    int n = maps.get(0).length;
    double[] sum = new double[n];
    for (float[] m : maps) {
      if (m.length != n) {
        throw new IllegalArgumentException(
            "maps to average differ in size: " + m.length + " vs " + n + " values");
      }
      for (int i = 0; i < n; i++) {
        sum[i] += m[i];
      }
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (sum[i] / maps.size());
    }
    return out;
  }

  static void checkLength(String what, float[] a, int numClasses, int h, int w) {
    if (numClasses < 1 || h < 1 || w < 1) {
      throw new IllegalArgumentException(
          "shape must be positive; got " + numClasses + " classes, " + w + "x" + h);
    }
    if (a.length != numClasses * h * w) {
      throw new IllegalArgumentException(what + " hold " + a.length + " values, expected "
          + numClasses + "x" + h + "x" + w);
    }
  }
}
