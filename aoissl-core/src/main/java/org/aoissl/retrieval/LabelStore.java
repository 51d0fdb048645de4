package org.aoissl.retrieval;

/**
 * The labels of bank entries, as the aggregators read them. Each entry is one p×p patch of a support
 * image; its label is the fraction of the patch's non-ignored pixels in each class (multi-label: the
 * fractions of one entry need not sum to 1), and optionally the full p×p block of pixel labels.
 */
public interface LabelStore {
  int numClasses();

  /** Patch side p in pixels. */
  int patchSize();

  /** Fraction in [0, 1] of the entry's non-ignored pixels that have class k. */
  float fraction(int entry, int k);

  /** Whether {@link #blockPixel} is available (banks built with full label blocks). */
  boolean hasBlocks();

  /**
   * One pixel of the entry's p×p label block: bits 0..7 are its classes, bit {@link #IGNORE} marks an
   * ignored pixel (which votes for nothing).
   */
  int blockPixel(int entry, int dy, int dx);

  int IGNORE = 1 << 8;
}
