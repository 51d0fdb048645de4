package org.aoissl.data.annot;

import java.util.Objects;
import org.aoissl.data.Mask;

/**
 * One image named by an annotation file, with its annotations rasterised. {@code fileName} is exactly as
 * the file wrote it (relative to the user's image folder); whether that image exists is the caller's check.
 */
public record AnnotatedImage(String fileName, int width, int height, Mask mask) {
  public AnnotatedImage {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(mask, "mask");
    if (mask.width() != width || mask.height() != height) {
      throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height()
          + " but the image is " + width + "x" + height);
    }
  }
}
