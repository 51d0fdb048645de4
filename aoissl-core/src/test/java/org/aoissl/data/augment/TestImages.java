package org.aoissl.data.augment;

import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** Small builders shared by the augmentation tests. */
final class TestImages {
  private TestImages() {}

  /** An 8-bit image from per-channel rows of integer values v, stored as v/16. */
  static AoiImage image(int[][]... channels) {
    int h = channels[0].length;
    int w = channels[0][0].length;
    float[] data = new float[channels.length * h * w];
    for (int c = 0; c < channels.length; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          data[(c * h + y) * w + x] = channels[c][y][x] / 16f;
        }
      }
    }
    return new AoiImage(channels.length, h, w, 8, data);
  }

  /** Channel c as integer rows (values ×16), the inverse of {@link #image}. */
  static int[][] plane(AoiImage image, int c) {
    int[][] out = new int[image.height()][image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out[y][x] = Math.round(image.get(c, y, x) * 16);
      }
    }
    return out;
  }

  /** Class bits per pixel, with -1 for ignored pixels. */
  static int[][] labels(Mask mask) {
    int[][] out = new int[mask.height()][mask.width()];
    for (int y = 0; y < mask.height(); y++) {
      for (int x = 0; x < mask.width(); x++) {
        out[y][x] = mask.isIgnored(y, x) ? -1 : mask.classBits(y, x);
      }
    }
    return out;
  }

  /** A random image of blobs whose channel 0 is 1 exactly where mask class 0 is set, else 0. */
  static Object[] alignedPair(SplittableRandom rnd, int h, int w) {
    Mask mask = new Mask(2, h, w);
    AoiImage image = AoiImage.zeros(2, h, w, 16);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // Blocks of 3×3 so crops keep both values.
        boolean on = ((y / 3) * 7 + (x / 3) * 13 + rnd.nextInt(2)) % 3 == 0;
        boolean ignored = rnd.nextInt(5) == 0;
        mask.set(0, y, x, on);
        mask.setIgnored(y, x, ignored);
        image.set(0, y, x, on ? 1f : 0f);
        image.set(1, y, x, ignored ? 1f : 0f);
      }
    }
    return new Object[] {image, mask};
  }
}
