package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Rotates by k quarter turns counter-clockwise, k uniform in 0..3 (numpy's {@code rot90} convention).
 * Odd k swaps height and width of a non-square image.
 */
public record Rot90() implements Transform {
  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    return rotate(image, mask, rng.nextInt(4));
  }

  /**
   * Rotates by {@code k} quarter turns counter-clockwise (any integer; taken mod 4). One turn maps
   * output (y, x) to input (x, W-1-y) on an output of size W×H.
   */
  public static Augmented rotate(AoiImage image, Mask mask, int k) {
    Checks.sameSize(image, mask);
    int turns = Math.floorMod(k, 4);
    if (turns == 0) {
      return new Augmented(image, mask);
    }
    int h = image.height();
    int w = image.width();
    int outH = turns == 2 ? h : w;
    int outW = turns == 2 ? w : h;
    int[] src = new int[outH * outW];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int sy;
        int sx;
        if (turns == 1) {
          sy = x;
          sx = w - 1 - y;
        } else if (turns == 2) {
          sy = h - 1 - y;
          sx = w - 1 - x;
        } else {
          sy = h - 1 - x;
          sx = y;
        }
        src[y * outW + x] = sy * w + sx;
      }
    }
    return new Augmented(Gather.image(image, outH, outW, src), Gather.mask(mask, outH, outW, src));
  }
}
