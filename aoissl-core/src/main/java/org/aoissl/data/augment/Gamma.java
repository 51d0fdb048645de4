package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Gamma change {@code v -> v^γ}, γ log-uniform in {@code [gammaMin, gammaMax]} (so [0.5, 2] brightens
 * as often as it darkens). With {@code perChannel} each channel draws its own γ, imitating the two
 * illuminations of an AOI buffer pair drifting independently. 0 and 1 stay fixed.
 */
public record Gamma(double gammaMin, double gammaMax, boolean perChannel) implements Transform {
  public Gamma {
    Checks.range("gamma", gammaMin, gammaMax, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  public Gamma(double gammaMin, double gammaMax) {
    this(gammaMin, gammaMax, false);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    int plane = image.height() * image.width();
    float[] in = image.data();
    float[] out = new float[in.length];
    double gamma = 1;
    for (int c = 0; c < image.channels(); c++) {
      if (c == 0 || perChannel) {
        gamma = Math.exp(Checks.uniform(rng, Math.log(gammaMin), Math.log(gammaMax)));
      }
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        out[i] = Checks.clamp01(Math.pow(Math.max(0, in[i]), gamma));
      }
    }
    return new Augmented(image.withData(out), mask);
  }
}
