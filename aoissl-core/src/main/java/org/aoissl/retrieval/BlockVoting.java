package org.aoissl.retrieval;

/**
 * Pixel-level aggregation for banks that keep each entry's full p×p label block: every output pixel of
 * a query patch is voted for by the pixel at the same place in each neighbour's block, with the
 * aggregator's weights. This keeps sub-patch detail (a thin wire crossing a patch) that per-patch
 * fractions blur away.
 */
public final class BlockVoting {
  private BlockVoting() {}

  /**
   * Per-class pixel scores of a query image whose patch grid is {@code gh × gw} (query {@code q} is the
   * patch at row {@code q / gw}, column {@code q % gw}).
   *
   * <p>An ignored pixel of a neighbour's block votes for nothing at that pixel: the weights of the
   * neighbours that do vote there are re-normalised to sum 1, and the pixel scores 0 for every class
   * when none does.
   *
   * @return {@code [K, gh·p, gw·p]}
   */
  public static float[] pixelScores(
      Neighbors nb, LabelStore labels, Aggregator weights, int k, int gh, int gw) {
    if (!labels.hasBlocks()) {
      throw new IllegalArgumentException(
          "block voting needs a bank built with label blocks; this one holds only fractions");
    }
    if (gh < 1 || gw < 1 || nb.queries() != gh * gw) {
      throw new IllegalArgumentException("a " + gh + "x" + gw + " patch grid does not match "
          + nb.queries() + " queries");
    }
    Aggregator.requireK(nb, k);
    int numClasses = labels.numClasses();
    int p = labels.patchSize();
    int height = gh * p;
    int width = gw * p;
    float[] out = new float[numClasses * height * width]; // [K, H, W]
    double[] votes = new double[numClasses];
    int[] ids = new int[k];
    for (int q = 0; q < nb.queries(); q++) {
      float[] w = weights.weights(nb, q, k);
      for (int j = 0; j < k; j++) {
        ids[j] = nb.id(q, j);
      }
      int y0 = (q / gw) * p;
      int x0 = (q % gw) * p;
      for (int dy = 0; dy < p; dy++) {
        for (int dx = 0; dx < p; dx++) {
          java.util.Arrays.fill(votes, 0);
          double voting = 0; // total weight of the neighbours not ignored here
          for (int j = 0; j < k; j++) {
            int label = labels.blockPixel(ids[j], dy, dx);
            if ((label & LabelStore.IGNORE) != 0) {
              continue;
            }
            voting += w[j];
            for (int c = 0; c < numClasses; c++) {
              if ((label & (1 << c)) != 0) {
                votes[c] += w[j];
              }
            }
          }
          if (voting <= 0) {
            continue; // nobody votes: scores stay 0
          }
          int pixel = (y0 + dy) * width + x0 + dx;
          for (int c = 0; c < numClasses; c++) {
            out[c * height * width + pixel] = (float) (votes[c] / voting);
          }
        }
      }
    }
    return out;
  }
}
