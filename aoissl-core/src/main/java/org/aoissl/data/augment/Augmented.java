package org.aoissl.data.augment;

import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/** An augmented image and its mask (null when the input had none), always of the same size. */
public record Augmented(AoiImage image, Mask mask) {
  public Augmented {
    if (image == null) {
      throw new IllegalArgumentException("image must not be null");
    }
    if (mask != null && (mask.height() != image.height() || mask.width() != image.width())) {
      throw new IllegalArgumentException(
          "mask " + mask.width() + "x" + mask.height() + " does not match image "
              + image.width() + "x" + image.height());
    }
  }
}
