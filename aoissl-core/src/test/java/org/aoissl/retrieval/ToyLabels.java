package org.aoissl.retrieval;

/** A hand-written {@link LabelStore}: fractions per entry and, optionally, p×p label blocks. */
final class ToyLabels implements LabelStore {
  private final float[][] fractions; // [entry][class]
  private final int[][] blocks; // [entry][dy * p + dx], or null
  private final int patch;

  private ToyLabels(float[][] fractions, int[][] blocks, int patch) {
    this.fractions = fractions;
    this.blocks = blocks;
    this.patch = patch;
  }

  static ToyLabels ofFractions(float[]... fractions) {
    return new ToyLabels(fractions, null, 1);
  }

  /** Blocks of side p; fractions are derived from them (non-ignored pixels only). */
  static ToyLabels ofBlocks(int numClasses, int p, int[]... blocks) {
    float[][] fr = new float[blocks.length][numClasses];
    for (int e = 0; e < blocks.length; e++) {
      int valid = 0;
      for (int px : blocks[e]) {
        if ((px & IGNORE) == 0) {
          valid++;
          for (int c = 0; c < numClasses; c++) {
            fr[e][c] += (px >> c) & 1;
          }
        }
      }
      for (int c = 0; c < numClasses && valid > 0; c++) {
        fr[e][c] /= valid;
      }
    }
    return new ToyLabels(fr, blocks, p);
  }

  @Override
  public int numClasses() {
    return fractions[0].length;
  }

  @Override
  public int patchSize() {
    return patch;
  }

  @Override
  public float fraction(int entry, int k) {
    return fractions[entry][k];
  }

  @Override
  public boolean hasBlocks() {
    return blocks != null;
  }

  @Override
  public int blockPixel(int entry, int dy, int dx) {
    return blocks[entry][dy * patch + dx];
  }
}
