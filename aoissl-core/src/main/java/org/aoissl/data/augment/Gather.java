package org.aoissl.data.augment;

import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Geometric transforms as index maps: output pixel {@code i} takes source pixel {@code src[i]}
 * ({@code y * W + x} of the input). Using one map for image and mask is what keeps them aligned.
 */
final class Gather {
  private Gather() {}

  static AoiImage image(AoiImage in, int outH, int outW, int[] src) {
    int plane = in.height() * in.width();
    int outPlane = outH * outW;
    float[] from = in.data();
    float[] to = new float[in.channels() * outPlane];
    for (int c = 0; c < in.channels(); c++) {
      int fo = c * plane;
      int to0 = c * outPlane;
      for (int i = 0; i < outPlane; i++) {
        to[to0 + i] = from[fo + src[i]];
      }
    }
    return new AoiImage(in.channels(), outH, outW, in.bitDepth(), to);
  }

  /** Null in, null out: pre-training images have no mask. */
  static Mask mask(Mask in, int outH, int outW, int[] src) {
    if (in == null) {
      return null;
    }
    int w = in.width();
    Mask out = new Mask(in.numClasses(), outH, outW);
    for (int i = 0; i < outH * outW; i++) {
      int sy = src[i] / w;
      int sx = src[i] % w;
      int y = i / outW;
      int x = i % outW;
      out.setClassBits(y, x, in.classBits(sy, sx));
      out.setIgnored(y, x, in.isIgnored(sy, sx));
    }
    return out;
  }
}
