package org.aoissl.retrieval;

import java.util.Set;
import org.aoissl.data.AoiImage;

/**
 * Retrieval scores of a support image against its bank with that image taken out (all its augmented
 * views with it): what retrieval says about an image it has never seen, the input a learned refiner must
 * learn to correct. With the image left in, its own patches would answer and the scores would be a copy
 * of its label.
 */
public final class LeaveImageOut {
  private LeaveImageOut() {}

  /**
   * Scores {@code [K, H, W]} at the image's own size, as {@link Segmenter} makes them with {@code options}.
   *
   * @param id the support image's id in the bank (it need not be there: then nothing is left out)
   */
  public static float[] scores(MemoryBank bank, PatchEncoder encoder, SegmentOptions options, String id,
      AoiImage image) {
    int[] kept = BankTuner.keptEntries(bank, Set.of(id));
    if (kept.length == 0) {
      throw new IllegalArgumentException("the bank holds no image but '" + id + "'; leave-image-out needs two");
    }
    try (NeighborIndex index = BankTuner.foldIndex(bank, kept)) {
      return new Segmenter(encoder, bank, index, options, Set.of(id), null).segment(image).scores();
    }
  }
}
