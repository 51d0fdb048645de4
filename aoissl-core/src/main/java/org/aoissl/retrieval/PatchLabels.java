package org.aoissl.retrieval;

import org.aoissl.data.Mask;

/**
 * The labels of a mask's p×p patches, cell {@code gy * gridW + gx}: per class the fraction of the
 * patch's non-ignored pixels that have it (multi-label, so the fractions of one patch need not sum to
 * 1), and which classes (and background) occur in it. A patch whose pixels are all ignored is invalid:
 * it has no label and goes into no bank.
 */
public final class PatchLabels {
  /** Bit of {@link #presence} for "some non-ignored pixel of the patch has no class". */
  public static final int BACKGROUND = 1 << 8;

  private final int patch;
  private final int gridH;
  private final int gridW;
  private final int numClasses;
  private final float[] fractions; // [cells, K]
  private final int[] presence; // per cell: bit k = class k occurs, BACKGROUND = unlabeled pixels occur
  private final boolean[] valid;

  private PatchLabels(int patch, int gridH, int gridW, int numClasses) {
    this.patch = patch;
    this.gridH = gridH;
    this.gridW = gridW;
    this.numClasses = numClasses;
    this.fractions = new float[gridH * gridW * numClasses];
    this.presence = new int[gridH * gridW];
    this.valid = new boolean[gridH * gridW];
  }

  /** The patch labels of a mask whose height and width are multiples of {@code patch}. */
  public static PatchLabels of(Mask mask, int patch) {
    if (patch < 1 || mask.height() % patch != 0 || mask.width() % patch != 0) {
      throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height()
          + " is not a whole number of " + patch + "x" + patch + " patches");
    }
    int k = mask.numClasses();
    PatchLabels out = new PatchLabels(patch, mask.height() / patch, mask.width() / patch, k);
    int[] counts = new int[k];
    for (int gy = 0; gy < out.gridH; gy++) {
      for (int gx = 0; gx < out.gridW; gx++) {
        java.util.Arrays.fill(counts, 0);
        int labeled = 0;
        int bitsSeen = 0;
        boolean background = false;
        for (int y = gy * patch; y < (gy + 1) * patch; y++) {
          for (int x = gx * patch; x < (gx + 1) * patch; x++) {
            if (mask.isIgnored(y, x)) {
              continue;
            }
            labeled++;
            int bits = mask.classBits(y, x);
            background |= bits == 0;
            bitsSeen |= bits;
            for (int c = 0; c < k; c++) {
              counts[c] += (bits >>> c) & 1;
            }
          }
        }
        int cell = gy * out.gridW + gx;
        if (labeled == 0) {
          continue;
        }
        out.valid[cell] = true;
        out.presence[cell] = bitsSeen | (background ? BACKGROUND : 0);
        for (int c = 0; c < k; c++) {
          out.fractions[cell * k + c] = counts[c] / (float) labeled;
        }
      }
    }
    return out;
  }

  /**
   * The p×p label block of patch (gy, gx), row-major: per pixel its class bits, or {@link
   * LabelStore#IGNORE} alone for an ignored pixel (which votes for nothing).
   */
  public static short[] block(Mask mask, int patch, int gy, int gx) {
    short[] out = new short[patch * patch];
    for (int dy = 0; dy < patch; dy++) {
      for (int dx = 0; dx < patch; dx++) {
        out[dy * patch + dx] = (short) pixel(mask, gy * patch + dy, gx * patch + dx);
      }
    }
    return out;
  }

  /** One pixel as {@link LabelStore#blockPixel} reports it. */
  public static int pixel(Mask mask, int y, int x) {
    return mask.isIgnored(y, x) ? LabelStore.IGNORE : mask.classBits(y, x);
  }

  public int patchSize() {
    return patch;
  }

  public int gridH() {
    return gridH;
  }

  public int gridW() {
    return gridW;
  }

  public int cells() {
    return gridH * gridW;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Whether the patch has at least one non-ignored pixel. */
  public boolean valid(int cell) {
    return valid[cell];
  }

  /** Number of valid patches. */
  public int validCount() {
    int n = 0;
    for (boolean v : valid) {
      n += v ? 1 : 0;
    }
    return n;
  }

  /** Fraction of the patch's non-ignored pixels with class k (0 for an invalid patch). */
  public float fraction(int cell, int k) {
    return fractions[cell * numClasses + k];
  }

  /** Copies the K fractions of a patch to {@code dst[off..off+K)}. */
  public void copyFractions(int cell, float[] dst, int off) {
    System.arraycopy(fractions, cell * numClasses, dst, off, numClasses);
  }

  /** Bit k set when class k occurs in the patch; {@link #BACKGROUND} when unlabeled pixels do. */
  public int presence(int cell) {
    return presence[cell];
  }
}
