package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** Applies {@code transform} with probability {@code p}, otherwise passes the input through. */
public record RandomApply(double p, Transform transform) implements Transform {
  public RandomApply {
    Checks.probability("p", p);
    if (transform == null) {
      throw new IllegalArgumentException("transform must not be null");
    }
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    if (rng.nextDouble() >= p) {
      return new Augmented(image, mask);
    }
    return transform.apply(image, mask, rng);
  }
}
