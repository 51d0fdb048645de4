package org.aoissl.data.augment;

import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** Argument checks shared by the transforms, with messages that name the offending value. */
final class Checks {
  private Checks() {}

  static void probability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]; got " + p);
    }
  }

  static void range(String name, double min, double max, double lowest, double highest) {
    if (!(min >= lowest && max <= highest && min <= max)) {
      throw new IllegalArgumentException(
          name + " range must satisfy " + lowest + " <= min <= max <= " + highest + "; got ["
              + min + ", " + max + "]");
    }
  }

  static void sameSize(AoiImage image, Mask mask) {
    if (mask != null && (mask.height() != image.height() || mask.width() != image.width())) {
      throw new IllegalArgumentException(
          "mask " + mask.width() + "x" + mask.height() + " does not match image "
              + image.width() + "x" + image.height());
    }
  }

  /** Uniform in [min, max]; a degenerate range still consumes one draw so streams stay aligned. */
  static double uniform(java.util.random.RandomGenerator rng, double min, double max) {
    double u = rng.nextDouble();
    return min == max ? min : min + (max - min) * u;
  }

  static float clamp01(double v) {
    return v <= 0 ? 0f : v >= 1 ? 1f : (float) v;
  }
}
