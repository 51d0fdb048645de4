package org.aoissl.retrieval;

import org.aoissl.data.AoiImage;

/**
 * Turns retrieval's per-class score maps into final per-class probabilities, reading the image as well
 * (a learned refiner: retrieval says roughly where a class is, the pixels say exactly where).
 */
public interface ScoreRefiner {
  /**
   * Probabilities {@code [K, H, W]} in [0, 1], thresholded at 0.5.
   *
   * @param image the query at its own size
   * @param scores retrieval's scores {@code [K, H, W]} at the same size
   */
  float[] refine(AoiImage image, float[] scores);

  /** The retrieval settings whose scores it was trained on; scores made otherwise are refused. */
  SegmentOptions scoreOptions();
}
