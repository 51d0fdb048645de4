package org.aoissl.data;

/**
 * Per-image intensity normalisation: each channel is mapped linearly so that its 1st percentile becomes
 * 0 and its 99th percentile 1 (clamped). A new device's lighting (brighter, flatter, or a different gain)
 * changes an image roughly by {@code a·x + b}; after the stretch such copies agree, so a bank built from
 * one lighting retrieves on another. Polarity (a die that turns from dark to bright) is not undone.
 */
public final class IntensityStretch {
  /** Percentiles mapped to 0 and 1: robust to a few saturated or dead pixels. */
  static final double LOW = 0.01;

  static final double HIGH = 0.99;

  /** Histogram bins over [0, 1]: percentiles are exact to 1/4096 of the range. */
  private static final int BINS = 4096;

  /** A channel whose percentiles are closer than this is left as it is (nothing to stretch). */
  private static final float MIN_SPREAD = 1e-3f;

  private IntensityStretch() {}

  /** The stretched image (a new one); pixel values in [0, 1]. */
  public static AoiImage apply(AoiImage image) {
    int hw = image.height() * image.width();
    float[] in = image.data();
    float[] out = new float[in.length];
    for (int c = 0; c < image.channels(); c++) {
      float[] lh = percentiles(in, c * hw, hw);
      float lo = lh[0];
      float spread = lh[1] - lo;
      for (int i = c * hw; i < (c + 1) * hw; i++) {
        out[i] = spread < MIN_SPREAD ? in[i] : Math.max(0f, Math.min(1f, (in[i] - lo) / spread));
      }
    }
    return new AoiImage(image.channels(), image.height(), image.width(), image.bitDepth(), out);
  }

  /**
   * The {@link #LOW} and {@link #HIGH} percentiles of {@code n} values from {@code offset}, each the
   * centre of its histogram bin refined to the bin's smallest / largest member.
   */
  static float[] percentiles(float[] v, int offset, int n) {
    int[] count = new int[BINS];
    float[] min = new float[BINS];
    float[] max = new float[BINS];
    java.util.Arrays.fill(min, Float.MAX_VALUE);
    java.util.Arrays.fill(max, -Float.MAX_VALUE);
    for (int i = offset; i < offset + n; i++) {
      float x = v[i];
      int b = Math.max(0, Math.min(BINS - 1, (int) (x * BINS)));
      count[b]++;
      min[b] = Math.min(min[b], x);
      max[b] = Math.max(max[b], x);
    }
    long lowRank = (long) Math.floor(LOW * (n - 1)); // 0-based ranks of the two order statistics
    long highRank = (long) Math.ceil(HIGH * (n - 1));
    float lo = Float.NaN;
    float hi = Float.NaN;
    long seen = 0;
    for (int b = 0; b < BINS; b++) {
      if (count[b] == 0) {
        continue;
      }
      if (Float.isNaN(lo) && seen + count[b] > lowRank) {
        lo = min[b];
      }
      if (seen + count[b] > highRank) {
        hi = max[b];
        break;
      }
      seen += count[b];
    }
    return new float[] {lo, hi};
  }
}
