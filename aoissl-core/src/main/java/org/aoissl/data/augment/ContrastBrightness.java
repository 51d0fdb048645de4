package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Contrast and brightness jitter: {@code v -> clamp(μ + c·(v − μ) + b)} with μ the channel's mean, the
 * contrast factor c uniform in {@code [contrastMin, contrastMax]} and the additive brightness offset b
 * uniform in {@code [brightnessMin, brightnessMax]}. With {@code perChannel} each channel draws its
 * own c and b (independent illuminations); otherwise one pair serves all channels.
 */
public record ContrastBrightness(
    double contrastMin,
    double contrastMax,
    double brightnessMin,
    double brightnessMax,
    boolean perChannel)
    implements Transform {
  public ContrastBrightness {
    Checks.range("contrast", contrastMin, contrastMax, 0, Double.MAX_VALUE);
    Checks.range("brightness", brightnessMin, brightnessMax, -1, 1);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    int plane = image.height() * image.width();
    float[] in = image.data();
    float[] out = new float[in.length];
    double contrast = 1;
    double brightness = 0;
    for (int c = 0; c < image.channels(); c++) {
      if (c == 0 || perChannel) {
        contrast = Checks.uniform(rng, contrastMin, contrastMax);
        brightness = Checks.uniform(rng, brightnessMin, brightnessMax);
      }
      int from = c * plane;
      int to = from + plane;
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += in[i];
      }
      double mean = sum / plane;
      for (int i = from; i < to; i++) {
        out[i] = Checks.clamp01(mean + contrast * (in[i] - mean) + brightness);
      }
    }
    return new Augmented(image.withData(out), mask);
  }
}
