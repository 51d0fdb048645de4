package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Adds independent N(0, σ²) noise to every value, σ uniform in {@code [sigmaMin, sigmaMax]} once per
 * image, and clamps to [0, 1] (sensor noise on a saturating camera).
 */
public record GaussianNoise(double sigmaMin, double sigmaMax) implements Transform {
  public GaussianNoise {
    Checks.range("sigma", sigmaMin, sigmaMax, 0, Double.MAX_VALUE);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    double sigma = Checks.uniform(rng, sigmaMin, sigmaMax);
    float[] in = image.data();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Checks.clamp01(in[i] + sigma * rng.nextGaussian());
    }
    return new Augmented(image.withData(out), mask);
  }
}
