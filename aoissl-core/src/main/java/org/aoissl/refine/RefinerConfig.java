package org.aoissl.refine;

/**
 * How a refiner is trained. Exactly one budget is set.
 *
 * @param width channels of the U-Net's first level
 * @param depth 2× downsamplings (receptive field: enough to move a label by a few pixels, no more)
 * @param crop training crop side in pixels
 * @param batch crops per step
 * @param seconds wall-clock budget, or 0
 * @param steps step budget, or 0 (reproducible to the bit; a time budget depends on the machine)
 * @param lr peak learning rate
 * @param seed weights, crop order and augmentation
 * @param prior start from thresholded retrieval and learn corrections (see {@link
 *     org.aoissl.finetune.UNetOptions#scorePrior()}), rather than the whole mask
 */
public record RefinerConfig(int width, int depth, int crop, int batch, double seconds, long steps, double lr,
    long seed, boolean prior) {
  /** A 60-second refiner of width 8 and depth 3 on 96² crops, 8 per step, with the retrieval prior. */
  public static final RefinerConfig DEFAULT = new RefinerConfig(8, 3, 96, 8, 60, 0, 2e-3, 0, true);

  public RefinerConfig {
    check(width >= 1 && width <= 128, "width must be in 1..128; got " + width);
    check(depth >= 1 && depth <= 6, "depth must be in 1..6; got " + depth);
    check(crop >= 16 && crop % (1 << depth) == 0, "crop must be >= 16 and a multiple of 2^depth = " + (1 << depth)
        + "; got " + crop);
    check(batch >= 1, "batch must be >= 1; got " + batch);
    check((seconds > 0) != (steps > 0), "set exactly one budget, seconds or steps (got " + seconds + " s, "
        + steps + " steps)");
    check(seconds >= 0 && steps >= 0, "budgets must not be negative");
    check(lr > 0, "lr must be > 0; got " + lr);
  }

  public RefinerConfig withBudget(double newSeconds, long newSteps) {
    return new RefinerConfig(width, depth, crop, batch, newSeconds, newSteps, lr, seed, prior);
  }

  public RefinerConfig withShape(int newWidth, int newDepth, int newCrop) {
    return new RefinerConfig(newWidth, newDepth, newCrop, batch, seconds, steps, lr, seed, prior);
  }

  public RefinerConfig withSeed(long newSeed) {
    return new RefinerConfig(width, depth, crop, batch, seconds, steps, lr, newSeed, prior);
  }

  public RefinerConfig withPrior(boolean usePrior) {
    return new RefinerConfig(width, depth, crop, batch, seconds, steps, lr, seed, usePrior);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
