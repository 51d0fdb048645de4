package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** Mirrors left-right with probability {@code p}: pixel (y, x) moves to (y, W-1-x). */
public record HorizontalFlip(double p) implements Transform {
  public HorizontalFlip {
    Checks.probability("p", p);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    if (rng.nextDouble() >= p) {
      return new Augmented(image, mask);
    }
    return flip(image, mask);
  }

  /** The flip itself, without the coin toss. */
  public static Augmented flip(AoiImage image, Mask mask) {
    int h = image.height();
    int w = image.width();
    int[] src = new int[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        src[y * w + x] = y * w + (w - 1 - x);
      }
    }
    return new Augmented(Gather.image(image, h, w, src), Gather.mask(mask, h, w, src));
  }
}
