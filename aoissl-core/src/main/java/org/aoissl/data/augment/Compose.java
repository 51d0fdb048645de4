package org.aoissl.data.augment;

import java.util.List;
import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** Applies its transforms in order, all drawing from the same generator. */
public record Compose(List<Transform> transforms) implements Transform {
  public Compose {
    transforms = List.copyOf(transforms);
  }

  public static Compose of(Transform... transforms) {
    return new Compose(List.of(transforms));
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Augmented current = new Augmented(image, mask);
    for (Transform t : transforms) {
      current = t.apply(current.image(), current.mask(), rng);
    }
    return current;
  }
}
