package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * With probability {@code p}, reorders the channels by a uniformly random permutation (which may be the
 * identity), so a model cannot rely on which illumination sits in which buffer.
 */
public record ChannelSwap(double p) implements Transform {
  public ChannelSwap {
    Checks.probability("p", p);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    if (rng.nextDouble() >= p) {
      return new Augmented(image, mask);
    }
    int channels = image.channels();
    int[] perm = new int[channels];
    for (int i = 0; i < channels; i++) {
      perm[i] = i;
    }
    for (int i = channels - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return new Augmented(permute(image, perm), mask);
  }

  /** Output channel {@code c} is input channel {@code perm[c]}. */
  public static AoiImage permute(AoiImage image, int[] perm) {
    int channels = image.channels();
    if (perm.length != channels) {
      throw new IllegalArgumentException(
          "permutation has " + perm.length + " entries for " + channels + " channels");
    }
    boolean[] seen = new boolean[channels];
    for (int s : perm) {
      if (s < 0 || s >= channels || seen[s]) {
        throw new IllegalArgumentException("not a permutation of 0.." + (channels - 1));
      }
      seen[s] = true;
    }
    int plane = image.height() * image.width();
    float[] out = new float[image.data().length];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(image.data(), perm[c] * plane, out, c * plane, plane);
    }
    return image.withData(out);
  }
}
