package org.aoissl.synth;

/**
 * A distribution shift of one device's images, for robustness tests: the illumination is scaled by
 * {@code brightness}, each buffer's contrast around its mean by {@code contrast}, and extra defocus
 * of {@code blurSigma} pixels is added. {@link #NONE} leaves the device's recipe as it is.
 */
public record Shift(double brightness, double contrast, double blurSigma) {
  public static final Shift NONE = new Shift(1, 1, 0);

  public Shift {
    if (!(brightness > 0 && brightness <= 10)) {
      throw new IllegalArgumentException("brightness must be in (0, 10]; got " + brightness);
    }
    if (!(contrast > 0 && contrast <= 10)) {
      throw new IllegalArgumentException("contrast must be in (0, 10]; got " + contrast);
    }
    if (!(blurSigma >= 0 && blurSigma <= 20)) {
      throw new IllegalArgumentException("blurSigma must be in [0, 20]; got " + blurSigma);
    }
  }

  /** Brighter (> 1) or darker (< 1) illumination. */
  public static Shift brightness(double factor) {
    return new Shift(factor, 1, 0);
  }

  /** Lower (< 1) or higher (> 1) contrast. */
  public static Shift contrast(double factor) {
    return new Shift(1, factor, 0);
  }

  /** Extra defocus blur of the given sigma in pixels. */
  public static Shift defocus(double sigma) {
    return new Shift(1, 1, sigma);
  }
}
