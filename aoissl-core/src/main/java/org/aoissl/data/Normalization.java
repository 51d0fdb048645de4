package org.aoissl.data;

/**
 * Per-channel standardisation, {@code (v − mean_c) / std_c}, with the statistics a model was trained
 * with; the same values must be used for training, features and reconstructions.
 */
public record Normalization(float[] mean, float[] std) {
  public Normalization {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("need one mean and one std per channel; got " + mean.length + " and "
          + std.length);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** From dataset statistics; a flat channel's std is floored so that dividing stays finite. */
  public static Normalization of(ChannelStats stats) {
    float[] m = new float[stats.channels()];
    float[] s = new float[stats.channels()];
    for (int c = 0; c < m.length; c++) {
      m[c] = (float) stats.mean()[c];
      s[c] = (float) Math.max(stats.std()[c], 1e-3);
    }
    return new Normalization(m, s);
  }

  public int channels() {
    return mean.length;
  }

  /** The standardised pixels of an image, channel-major like {@link AoiImage#data()}. */
  public float[] apply(AoiImage image) {
    float[] out = new float[image.data().length];
    apply(image, out, 0);
    return out;
  }

  /** Writes the standardised pixels of an image into {@code out} from {@code offset}. */
  public void apply(AoiImage image, float[] out, int offset) {
    if (image.channels() != mean.length) {
      throw new IllegalArgumentException("image has " + image.channels() + " channels; normalisation has "
          + mean.length);
    }
    float[] d = image.data();
    int hw = image.height() * image.width();
    for (int c = 0; c < mean.length; c++) {
      float m = mean[c];
      float inv = 1f / std[c];
      for (int i = 0; i < hw; i++) {
        out[offset + c * hw + i] = (d[c * hw + i] - m) * inv;
      }
    }
  }

  /** Back to pixel values of channel c. */
  public float invert(int c, float v) {
    return v * std[c] + mean[c];
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
