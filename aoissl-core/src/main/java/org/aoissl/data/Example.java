package org.aoissl.data;

/** A loaded sample: its pixels and, when labeled, its mask of the same size. */
public record Example(Sample sample, AoiImage image, Mask mask) {
  public boolean labeled() {
    return mask != null;
  }
}
