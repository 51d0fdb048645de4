package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * With probability {@code p}, sets one uniformly chosen channel to zero, teaching the model to cope
 * with a missing illumination. Never drops the only channel: single-channel images pass unchanged.
 */
public record ChannelDropout(double p) implements Transform {
  public ChannelDropout {
    Checks.probability("p", p);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    if (rng.nextDouble() >= p || image.channels() < 2) {
      return new Augmented(image, mask);
    }
    int dropped = rng.nextInt(image.channels());
    int plane = image.height() * image.width();
    float[] out = image.data().clone();
    java.util.Arrays.fill(out, dropped * plane, (dropped + 1) * plane, 0f);
    return new Augmented(image.withData(out), mask);
  }
}
