package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * One augmentation step. Implementations take all randomness from {@code rng}, never modify their
 * inputs, and return a mask exactly when they were given one. When a step changes nothing (a coin
 * toss said no) the result may hold the input objects themselves; treat images and masks as values.
 */
@FunctionalInterface
public interface Transform {
  /**
   * Augments an image and, when present, its mask of the same height and width.
   *
   * @param mask the image's mask, or null (pre-training data has none)
   */
  Augmented apply(AoiImage image, Mask mask, RandomGenerator rng);

  /** Augments an image without a mask. */
  default AoiImage apply(AoiImage image, RandomGenerator rng) {
    return apply(image, null, rng).image();
  }
}
