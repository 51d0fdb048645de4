package org.aoissl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Fixed 2-D sine-cosine position embeddings as MAE's {@code get_2d_sincos_pos_embed}, and their
 * bicubic resampling to another patch grid for images of a different size.
 *
 * <p>Layout of a result: token-major {@code [tokens][dim]}; with a CLS slot, token 0 is all zeros and
 * patch {@code (row i, column j)} is token {@code 1 + i·gridW + j}. As in the reference (whose
 * meshgrid puts w first), the first {@code dim/2} values encode the column {@code j} and the last
 * {@code dim/2} the row {@code i}; each half is {@code [sin(pos·ω_k)..., cos(pos·ω_k)...]} with
 * {@code ω_k = 1/10000^(k/(dim/4))}, {@code k < dim/4}. Arithmetic is float32 like the reference's.
 */
public final class PosEmbed {
  /** Keys' cubic convolution constant, the one PyTorch's bicubic interpolation uses. */
  private static final double CUBIC_A = -0.75;

  private PosEmbed() {}

  /**
   * The embedding of a {@code gridH × gridW} patch grid, with a leading zero CLS row when {@code
   * clsToken}.
   */
  public static float[] sinCos2d(int dim, int gridH, int gridW, boolean clsToken) {
    if (dim < 4 || dim % 4 != 0) {
      throw new IllegalArgumentException("dim must be a positive multiple of 4; got " + dim);
    }
    if (gridH < 1 || gridW < 1) {
      throw new IllegalArgumentException("grid must be at least 1x1; got " + gridH + "x" + gridW);
    }
    int half = dim / 2;
    int quarter = dim / 4;
    float[] omega = new float[quarter];
    for (int k = 0; k < quarter; k++) {
      float exponent = (float) k / (float) quarter;
      omega[k] = 1f / (float) Math.pow(10000.0, exponent);
    }
    int extra = clsToken ? 1 : 0;
    float[] out = new float[(extra + gridH * gridW) * dim];
    for (int i = 0; i < gridH; i++) {
      for (int j = 0; j < gridW; j++) {
        int base = (extra + i * gridW + j) * dim;
        encode1d(out, base, (float) j, omega);
        encode1d(out, base + half, (float) i, omega);
      }
    }
    return out;
  }

  /** Writes {@code [sin(pos·ω)..., cos(pos·ω)...]} at {@code offset}. */
  private static void encode1d(float[] out, int offset, float pos, float[] omega) {
    int q = omega.length;
    for (int k = 0; k < q; k++) {
      float angle = pos * omega[k];
      out[offset + k] = (float) Math.sin(angle);
      out[offset + q + k] = (float) Math.cos(angle);
    }
  }

  /**
   * Resamples the patch part of a position embedding from an {@code oldH × oldW} grid to {@code newH
   * × newW} by bicubic interpolation (PyTorch's {@code interpolate(mode='bicubic',
   * align_corners=False)}, as MAE's {@code interpolate_pos_embed}); the first {@code extraTokens}
   * rows (CLS) are copied unchanged.
   *
   * @param posEmbed {@code [extraTokens + oldH·oldW][dim]}, token-major
   */
  public static float[] interpolate(
      float[] posEmbed, int dim, int extraTokens, int oldH, int oldW, int newH, int newW) {
    if (posEmbed.length != (long) (extraTokens + oldH * oldW) * dim) {
      throw new IllegalArgumentException(
          "position embedding has " + posEmbed.length + " values; expected ("
              + extraTokens + " + " + oldH + "x" + oldW + ") x " + dim);
    }
    if (newH < 1 || newW < 1) {
      throw new IllegalArgumentException("grid must be at least 1x1; got " + newH + "x" + newW);
    }
    float[] out = new float[(extraTokens + newH * newW) * dim];
    System.arraycopy(posEmbed, 0, out, 0, extraTokens * dim);
    if (oldH == newH && oldW == newW) {
      System.arraycopy(posEmbed, extraTokens * dim, out, extraTokens * dim, oldH * oldW * dim);
      return out;
    }
    // Separable: columns first into [oldH][newW][dim], then rows.
    Taps cols = Taps.of(oldW, newW);
    Taps rows = Taps.of(oldH, newH);
    double[] mid = new double[oldH * newW * dim];
    int src0 = extraTokens * dim;
    for (int i = 0; i < oldH; i++) {
      for (int j = 0; j < newW; j++) {
        int dst = (i * newW + j) * dim;
        for (int t = 0; t < 4; t++) {
          double w = cols.weight[j * 4 + t];
          int src = src0 + (i * oldW + cols.index[j * 4 + t]) * dim;
          for (int d = 0; d < dim; d++) {
            mid[dst + d] += w * posEmbed[src + d];
          }
        }
      }
    }
    int dst0 = extraTokens * dim;
    for (int i = 0; i < newH; i++) {
      for (int j = 0; j < newW; j++) {
        int dst = dst0 + (i * newW + j) * dim;
        for (int d = 0; d < dim; d++) {
          double v = 0;
          for (int t = 0; t < 4; t++) {
            v += rows.weight[i * 4 + t] * mid[(rows.index[i * 4 + t] * newW + j) * dim + d];
          }
          out[dst + d] = (float) v;
        }
      }
    }
    return out;
  }

  /**
   * A fixed embedding parameter {@code [1, 1 + g·g, D]} for a {@code gridH × gridW} grid, on {@code
   * manager}: a view of the parameter at the trained grid, a bicubic resampling (CLS kept)
   * otherwise.
   */
  public static NDArray onGrid(
      Parameter fixed, int trainedGrid, int gridH, int gridW, NDManager manager) {
    NDArray values = fixed.getArray();
    if (gridH == trainedGrid && gridW == trainedGrid) {
      return Ops.adopt(values.reshape(values.getShape()), manager);
    }
    int d = (int) values.getShape().get(2);
    float[] resized =
        interpolate(values.toFloatArray(), d, 1, trainedGrid, trainedGrid, gridH, gridW);
    return manager.create(resized, new Shape(1, 1 + (long) gridH * gridW, d));
  }

  /** The 4 source indices (clamped to the border) and weights of every output position on one axis. */
  private record Taps(int[] index, double[] weight) {
    static Taps of(int in, int out) {
      int[] index = new int[out * 4];
      double[] weight = new double[out * 4];
      double scale = (double) in / out;
      for (int o = 0; o < out; o++) {
        // Half-pixel centres; PyTorch does not clamp the source position for cubic modes.
        double src = (o + 0.5) * scale - 0.5;
        int x0 = (int) Math.floor(src);
        double t = src - x0;
        double[] w = cubicWeights(t);
        for (int k = 0; k < 4; k++) {
          index[o * 4 + k] = Math.min(Math.max(x0 - 1 + k, 0), in - 1);
          weight[o * 4 + k] = w[k];
        }
      }
      return new Taps(index, weight);
    }
  }

  /** Weights of the taps at offsets -1, 0, 1, 2 for a fractional position {@code t} in [0, 1). */
  static double[] cubicWeights(double t) {
    return new double[] {
      farTap(t + 1), nearTap(t), nearTap(1 - t), farTap(2 - t)
    };
  }

  /** Cubic kernel for |x| <= 1. */
  private static double nearTap(double x) {
    return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
  }

  /** Cubic kernel for 1 < |x| < 2. */
  private static double farTap(double x) {
    return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
  }
}
