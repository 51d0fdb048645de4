package org.aoissl.pretrain.ibot;

import java.util.random.RandomGenerator;

/**
 * iBOT's block-wise masking ({@code loader.py} {@code ImageFolderMask}, after BEiT's masking
 * generator): rectangles of patches with log-uniform aspect ratio are added until the masked count
 * reaches {@code ratio · h · w}, never overshooting it; a rectangle is only taken when it adds at least
 * one new patch and no more than are still wanted, and a round of ten failed tries ends the mask early.
 * The mask ratio of each view is drawn per view: 0 with probability {@code 1 − maskProbability}, else
 * uniform in {@code predRatio ± predRatioVar}.
 */
public final class BlockMasking {
  private static final int ATTEMPTS = 10;

  private BlockMasking() {}

  /** The mask ratio of one view. */
  public static double drawRatio(RandomGenerator rng, IbotConfig c) {
    if (rng.nextDouble() >= c.maskProbability()) {
      return 0;
    }
    return c.predRatioVar() > 0
        ? c.predRatio() - c.predRatioVar() + 2 * c.predRatioVar() * rng.nextDouble() : c.predRatio();
  }

  /**
   * A block mask of an {@code h × w} patch grid, row-major, {@code true} = masked.
   *
   * @param minAspect block aspect ratios are log-uniform in {@code [minAspect, 1/minAspect]}
   */
  public static boolean[] mask(RandomGenerator rng, int h, int w, double ratio, double minAspect) {
    boolean[] mask = new boolean[h * w];
    double high = ratio * h * w;
    double logMin = Math.log(minAspect);
    double logMax = -logMin;
    int count = 0;
    while (count < high) {
      double room = high - count;
      int delta = 0;
      for (int attempt = 0; attempt < ATTEMPTS && delta == 0; attempt++) {
        double low = Math.pow(Math.min(h, w) / 3, 2);
        double area = low + (room - low) * rng.nextDouble();
        double aspect = Math.exp(logMin + (logMax - logMin) * rng.nextDouble());
        int bh = (int) Math.rint(Math.sqrt(area * aspect)); // Python's round: half to even
        int bw = (int) Math.rint(Math.sqrt(area / aspect));
        if (bw < w && bh < h) {
          int top = rng.nextInt(h - bh + 1);
          int left = rng.nextInt(w - bw + 1);
          int fresh = 0;
          for (int y = top; y < top + bh; y++) {
            for (int x = left; x < left + bw; x++) {
              fresh += mask[y * w + x] ? 0 : 1;
            }
          }
          if (fresh > 0 && fresh <= room) {
            for (int y = top; y < top + bh; y++) {
              for (int x = left; x < left + bw; x++) {
                mask[y * w + x] = true;
              }
            }
            delta = fresh;
          }
        }
      }
      if (delta == 0) {
        break;
      }
      count += delta;
    }
    return mask;
  }
}
