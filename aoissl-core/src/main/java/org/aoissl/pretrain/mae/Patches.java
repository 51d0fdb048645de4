package org.aoissl.pretrain.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MAE's patchify / unpatchify, with the reference's element order ({@code 'nchpwq->nhwpqc'}):
 * within a patch, values run over row {@code y}, then column {@code x}, then channel {@code c}
 * (channel fastest). Non-square images are allowed.
 */
public final class Patches {
  private Patches() {}

  /** {@code [N, C, H, W] -> [N, (H/p)·(W/p), p·p·C]}. */
  public static NDArray patchify(NDArray imgs, int p) {
    Shape s = imgs.getShape();
    if (s.dimension() != 4 || s.get(2) % p != 0 || s.get(3) % p != 0) {
      throw new IllegalArgumentException(
          "expected images [N, C, H, W] with H and W multiples of " + p + "; got " + s);
    }
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2) / p;
    long w = s.get(3) / p;
    return imgs.reshape(n, c, h, p, w, p)
        .transpose(0, 2, 4, 3, 5, 1) // [N, h, w, p, q, C]
        .reshape(n, h * w, p * p * c);
  }

  /** {@code [N, h·w, p·p·C] -> [N, C, h·p, w·p]}, the inverse of {@link #patchify}. */
  public static NDArray unpatchify(NDArray x, int p, int channels, int gridH, int gridW) {
    Shape s = x.getShape();
    if (s.dimension() != 3 || s.get(1) != (long) gridH * gridW
        || s.get(2) != (long) p * p * channels) {
      throw new IllegalArgumentException("expected patches [N, " + gridH * gridW + ", "
          + p * p * channels + "]; got " + s);
    }
    long n = s.get(0);
    return x.reshape(n, gridH, gridW, p, p, channels)
        .transpose(0, 5, 1, 3, 2, 4) // [N, C, h, p, w, q]
        .reshape(n, channels, (long) gridH * p, (long) gridW * p);
  }
}
