package org.aoissl.retrieval;

import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.data.IntensityStretch;

/**
 * How support images become bank entries. Kept in the bank: {@link BankBuilder#add} uses the same
 * values, so a grown bank equals one rebuilt from all its images.
 *
 * @param augment augmented copies per support image (0 = the images only); each copy is another
 *     {@link BankImage} with its own entries
 * @param maxPerImage at most this many patches per bank image, sampled favouring rare classes
 *     (Hummingbird's scheme); 0 keeps every labeled patch
 * @param blocks whether the bank offers per-pixel label blocks ({@link LabelStore#blockPixel})
 * @param seed seed of augmentations and patch sampling
 * @param intensity what every image entering the bank or segmented against it goes through first:
 *     "none", or "stretch" ({@link IntensityStretch}: per-image percentiles to [0, 1], for devices
 *     whose lighting differs); a bank written before the option existed reads as "none"
 * @param pixelSize the support images' pixel pitch (any unit, the same for every image given one), or 0
 *     when unknown; images of another pitch are resampled to it ({@link #toBankScale})
 */
public record BankConfig(int augment, int maxPerImage, boolean blocks, long seed, String intensity,
    double pixelSize) {
  public static final Set<String> INTENSITIES = Set.of("none", "stretch");

  public static final BankConfig DEFAULT = new BankConfig(0, 0, false, 0);

  public BankConfig {
    if (augment < 0 || augment > 1000) {
      throw new IllegalArgumentException("augment must be in [0, 1000]; got " + augment);
    }
    if (maxPerImage < 0) {
      throw new IllegalArgumentException("maxPerImage must be >= 0 (0 = all patches); got " + maxPerImage);
    }
    intensity = intensity == null ? "none" : intensity;
    if (!INTENSITIES.contains(intensity)) {
      throw new IllegalArgumentException("intensity must be none or stretch; got " + intensity);
    }
    if (!(pixelSize >= 0) || Double.isInfinite(pixelSize)) {
      throw new IllegalArgumentException("pixel size must be > 0 (or 0 when unknown); got " + pixelSize);
    }
  }

  /** Without per-image intensity normalisation. */
  public BankConfig(int augment, int maxPerImage, boolean blocks, long seed) {
    this(augment, maxPerImage, blocks, seed, "none", 0);
  }

  /** Without a pixel size. */
  public BankConfig(int augment, int maxPerImage, boolean blocks, long seed, String intensity) {
    this(augment, maxPerImage, blocks, seed, intensity, 0);
  }

  /** {@code image} as the bank sees it (the same object when intensity is "none"). */
  public AoiImage prepare(AoiImage image) {
    return intensity.equals("stretch") ? IntensityStretch.apply(image) : image;
  }

  /**
   * The factor that brings an image of pitch {@code imagePixelSize} to the bank's pitch (1 when either is
   * unknown, 0): an image at twice the bank's pitch shows everything half as large, so it is enlarged 2×.
   */
  public double toBankScale(double imagePixelSize) {
    if (!(imagePixelSize >= 0) || Double.isInfinite(imagePixelSize)) {
      throw new IllegalArgumentException("pixel size must be > 0; got " + imagePixelSize);
    }
    if (pixelSize == 0 || imagePixelSize == 0) {
      return 1;
    }
    double f = imagePixelSize / pixelSize;
    return Math.abs(f - 1) < SAME_PITCH ? 1 : f;
  }

  /** Pitches closer than this fraction count as equal (no resampling, no blur). */
  static final double SAME_PITCH = 0.01;

  @Override
  public String toString() {
    return "augment " + augment + ", max per image " + maxPerImage + (blocks ? ", blocks" : "") + ", seed " + seed
        + ", intensity " + intensity + (pixelSize > 0 ? ", pixel size " + pixelSize : "");
  }
}
