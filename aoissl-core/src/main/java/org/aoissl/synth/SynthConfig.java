package org.aoissl.synth;

import org.aoissl.data.LabelEncoding;

/**
 * What {@code aoissl synth} writes.
 *
 * @param devices number of devices (product types)
 * @param perDevice labeled images per device, split into train/val/test by {@code trainFraction}/{@code valFraction}
 * @param unlabeled unlabeled pre-training images in total, spread evenly over the devices
 * @param size image side in pixels
 * @param seed master seed: the whole dataset is a function of it
 * @param bits 8 or 16
 * @param labels label encoding of the written {@code lbl/} PNGs
 * @param shifted also write {@code test-shift/}: the test images re-rendered under a lighting/contrast/focus shift
 * @param threads render threads
 */
public record SynthConfig(
    int devices, int perDevice, int unlabeled, int size, long seed, int bits, LabelEncoding labels,
    double trainFraction, double valFraction, boolean shifted, int threads) {
  public SynthConfig {
    check(devices >= 1 && devices <= 100, "devices must be in [1, 100]; got " + devices);
    check(perDevice >= 0, "per-device must be >= 0; got " + perDevice);
    check(unlabeled >= 0, "unlabeled must be >= 0; got " + unlabeled);
    check(perDevice + unlabeled > 0, "nothing to write: per-device and unlabeled are both 0");
    check(size >= 64 && size <= 4096, "size must be in [64, 4096]; got " + size);
    check(bits == 8 || bits == 16, "bits must be 8 or 16; got " + bits);
    check(trainFraction >= 0 && valFraction >= 0 && trainFraction + valFraction <= 1,
        "train and val fractions must be >= 0 and sum to <= 1; got " + trainFraction + ", " + valFraction);
    check(threads >= 1, "threads must be >= 1; got " + threads);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Labeled images of one device in train, val and test. */
  public int[] splitCounts() {
    int train = (int) Math.round(perDevice * trainFraction);
    int val = (int) Math.round(perDevice * valFraction);
    val = Math.min(val, perDevice - train);
    return new int[] {train, val, perDevice - train - val};
  }
}
