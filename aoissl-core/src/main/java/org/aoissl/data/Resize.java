package org.aoissl.data;

import org.aoissl.data.augment.RandomResizedCrop;

/**
 * Resizing whole images and masks, as PyTorch's {@code interpolate}: images bilinearly (half-pixel
 * centres, {@code align_corners=False}), masks by the nearest source pixel; and cropping a window. Used to bring images of another
 * pixel pitch to a bank's pitch and their masks back.
 */
public final class Resize {
  private Resize() {}

  /** {@code side·factor} rounded, at least 1. */
  public static int side(int side, double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("scale factor must be > 0; got " + factor);
    }
    return (int) Math.max(1, Math.round(side * factor));
  }

  /** The image resized bilinearly to {@code outH × outW}. */
  public static AoiImage image(AoiImage image, int outH, int outW) {
    if (outH == image.height() && outW == image.width()) {
      return image;
    }
    return RandomResizedCrop.cropResize(image, null, 0, 0, image.height(), image.width(), outH, outW).image();
  }

  /** The {@code h × w} window of the image at ({@code top}, {@code left}), pixels copied as they are. */
  public static AoiImage crop(AoiImage image, int top, int left, int h, int w) {
    if (top < 0 || left < 0 || h < 1 || w < 1 || top + h > image.height() || left + w > image.width()) {
      throw new IllegalArgumentException("window " + h + "x" + w + " at (" + top + ", " + left + ") is outside the "
          + image.height() + "x" + image.width() + " image");
    }
    int c = image.channels();
    float[] src = image.data();
    float[] out = new float[c * h * w];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, (k * image.height() + top + y) * image.width() + left, out, (k * h + y) * w, w);
      }
    }
    return new AoiImage(c, h, w, image.bitDepth(), out);
  }

  /**
   * The mask resized to {@code outH × outW}, each pixel taking the classes and ignore flag of the source
   * pixel under its centre. Enlarging by any factor and shrinking back gives the mask again.
   */
  public static Mask mask(Mask mask, int outH, int outW) {
    Mask out = new Mask(mask.numClasses(), outH, outW);
    int[] sx = new int[outW];
    for (int x = 0; x < outW; x++) {
      sx[x] = nearest(x, mask.width(), outW);
    }
    for (int y = 0; y < outH; y++) {
      int sy = nearest(y, mask.height(), outH);
      for (int x = 0; x < outW; x++) {
        out.setClassBits(y, x, mask.classBits(sy, sx[x]));
        out.setIgnored(y, x, mask.isIgnored(sy, sx[x]));
      }
    }
    return out;
  }

  /** The labeled example scaled by {@code factor}: image bilinearly, mask by nearest (null stays null). */
  public static Example example(Example e, double factor) {
    AoiImage im = e.image();
    int h = side(im.height(), factor);
    int w = side(im.width(), factor);
    return new Example(e.sample(), image(im, h, w), e.mask() == null ? null : mask(e.mask(), h, w));
  }

  /** The source index under the centre of output pixel {@code i}: floor((i + ½)·in / out), as RandomResizedCrop. */
  private static int nearest(int i, int in, int out) {
    double scale = (double) in / out;
    return Math.min(in - 1, (int) Math.floor((i + 0.5) * scale));
  }
}
