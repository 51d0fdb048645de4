package org.aoissl.retrieval;

/** The plain-Java {@link ScoreKernel}: one query row at a time, the strip's columns innermost. */
final class ScalarScoreKernel implements ScoreKernel {
  @Override
  public void scoreStrip(float[] queries, int[] rows, int from, int to, int dim, float[] packed, int at,
      float[] out) {
    int w = PackedKeys.STRIP;
    for (int r = from; r < to; r++) {
      int q = rows[r] * dim;
      int o = (r - from) * w;
      java.util.Arrays.fill(out, o, o + w, 0f);
      for (int d = 0; d < dim; d++) {
        float x = queries[q + d];
        int k = at + d * w;
        for (int c = 0; c < w; c++) {
          out[o + c] += x * packed[k + c];
        }
      }
    }
  }
}
