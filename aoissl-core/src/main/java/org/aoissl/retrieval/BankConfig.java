package org.aoissl.retrieval;

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
 */
public record BankConfig(int augment, int maxPerImage, boolean blocks, long seed) {
  public static final BankConfig DEFAULT = new BankConfig(0, 0, false, 0);

  public BankConfig {
    if (augment < 0 || augment > 1000) {
      throw new IllegalArgumentException("augment must be in [0, 1000]; got " + augment);
    }
    if (maxPerImage < 0) {
      throw new IllegalArgumentException("maxPerImage must be >= 0 (0 = all patches); got " + maxPerImage);
    }
  }
}
