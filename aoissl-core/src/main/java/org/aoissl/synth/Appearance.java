package org.aoissl.synth;

/**
 * Material brightness and tone of a device's images, on top of its {@link DeviceSpec.Lighting}:
 * what changes between a dark-die and a bright-die recipe, or when a line's lighting is re-tuned.
 *
 * @param dieGain factor on the die's bright-field reflectance (circuitry and seal ring; the bond
 *     pads keep theirs): below 1 a dark die, above 1 a bright one
 * @param metalGain factor on the leadframe metal's bright-field reflectance
 * @param gamma tone curve applied to each buffer after gain and offset ({@code v^gamma}); 1 is linear
 * @param contrast contrast of each buffer around its mean, after the tone curve; 1 leaves it
 */
public record Appearance(double dieGain, double metalGain, double gamma, double contrast) {
  /** The appearance of {@link DeviceSpec#sample}'s devices: materials as drawn, linear sensor. */
  public static final Appearance STANDARD = new Appearance(1, 1, 1, 1);

  public Appearance {
    check(dieGain, "dieGain", 0.05, 4);
    check(metalGain, "metalGain", 0.05, 2);
    check(gamma, "gamma", 0.2, 5);
    check(contrast, "contrast", 0.1, 5);
  }

  private static void check(double v, String name, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "]; got " + v);
    }
  }
}
