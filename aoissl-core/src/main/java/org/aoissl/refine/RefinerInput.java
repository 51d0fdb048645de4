package org.aoissl.refine;

import org.aoissl.data.AoiImage;

/**
 * The refiner's input: the image's channels followed by one channel per class holding retrieval's score,
 * in [0, 1] as pixel values are, so crops, flips and the mild gamma/contrast changes of training
 * treat scores as one more channel (a gamma on a score channel is a miscalibrated score, which a new
 * device brings too).
 */
public final class RefinerInput {
  private RefinerInput() {}

  /**
   * @param scores {@code [K, H, W]} in [0, 1] at the image's size
   */
  public static AoiImage stack(AoiImage image, float[] scores, int numClasses) {
    int hw = image.height() * image.width();
    if (scores.length != numClasses * hw) {
      throw new IllegalArgumentException("scores hold " + scores.length + " values; " + numClasses + " classes of "
          + image.width() + "x" + image.height() + " need " + numClasses * hw);
    }
    int c = image.channels();
    float[] out = new float[(c + numClasses) * hw];
    System.arraycopy(image.data(), 0, out, 0, c * hw);
    for (int i = 0; i < numClasses * hw; i++) {
      out[c * hw + i] = Math.max(0f, Math.min(1f, scores[i]));
    }
    return new AoiImage(c + numClasses, image.height(), image.width(), image.bitDepth(), out);
  }
}
