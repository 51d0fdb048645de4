package org.aoissl.synth;

import org.aoissl.data.LabelEncoding;

/**
 * What {@code aoissl synth transfer} writes: the cross-device transfer benchmark of
 * {@link TransferDevices}, one labeled train pool and one test set per device and unlabeled
 * pre-training images of every device.
 *
 * @param seed master seed: the whole dataset is a function of it
 * @param width image width in pixels
 * @param height image height in pixels
 * @param scale pixels per unit of the 512-px reference design; at 1 wires are 2 px wide and balls
 *     10 px across
 * @param zoom magnification of the {@code a-zoom} device relative to the others, in [0.6, 1.6]
 * @param look dark die on a bright leadframe, or bright die
 * @param channels 1 (bright-field only) or 2 (bright-field and dark-field buffers)
 * @param bits 8 or 16
 * @param labels label encoding of the written {@code lbl/} PNGs
 * @param train labeled train images per device
 * @param test labeled test images per device
 * @param unlabeled unlabeled pre-training images per device
 * @param threads render threads
 */
public record TransferConfig(
    long seed, int width, int height, double scale, double zoom, DieLook look, int channels, int bits,
    LabelEncoding labels, int train, int test, int unlabeled, int threads) {
  public TransferConfig {
    check(width >= 64 && width <= 8192 && height >= 64 && height <= 8192,
        "width and height must be in [64, 8192]; got " + width + "x" + height);
    check(scale >= 0.1 && scale <= 8, "scale must be in [0.1, 8]; got " + scale);
    check(zoom >= 0.6 && zoom <= 1.6, "zoom must be in [0.6, 1.6]; got " + zoom);
    check(look != null, "look must not be null");
    check(channels == 1 || channels == 2, "channels must be 1 or 2; got " + channels);
    check(bits == 8 || bits == 16, "bits must be 8 or 16; got " + bits);
    check(labels != null, "labels must not be null");
    check(train >= 0 && train <= 10000, "train must be in [0, 10000]; got " + train);
    check(test >= 0 && test <= 10000, "test must be in [0, 10000]; got " + test);
    check(unlabeled >= 0 && unlabeled <= 10000, "unlabeled must be in [0, 10000]; got " + unlabeled);
    check(train + test + unlabeled > 0, "nothing to write: train, test and unlabeled are all 0");
    check(threads >= 1, "threads must be >= 1; got " + threads);
  }

  /** The defaults of the command: 512², scale 1, zoom 1.4, dark die, one channel, 10/10/8 images. */
  public static TransferConfig defaults(long seed, int threads) {
    return new TransferConfig(seed, 512, 512, 1, 1.4, DieLook.DARK_DIE, 1, 8, LabelEncoding.BITS,
        10, 10, 8, threads);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
