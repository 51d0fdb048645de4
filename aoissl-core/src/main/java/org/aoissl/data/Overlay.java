package org.aoissl.data;

import java.awt.image.BufferedImage;

/**
 * Colour overlays of masks on a grayscale rendering of an image, for people to look at: wire red, ball
 * green, wedge blue, epoxy yellow (then magenta, cyan, orange, violet for further classes), ignore as a
 * grey hatch.
 */
public final class Overlay {
  private static final int[] COLOURS = {
    0xFF3030, 0x30E030, 0x3070FF, 0xFFD800, 0xFF40FF, 0x30FFFF, 0xFF9020, 0x9050FF
  };

  private Overlay() {}

  /** RGB colour of class k. */
  public static int colour(int k) {
    return COLOURS[k % COLOURS.length];
  }

  /** Channel {@code channel} of the image as gray, with the mask blended over it at {@code alpha}. */
  public static BufferedImage render(AoiImage image, int channel, Mask mask, float alpha) {
    int h = image.height();
    int w = image.width();
    BufferedImage out = gray(image, channel);
    if (mask == null) {
      return out;
    }
    if (mask.height() != h || mask.width() != w) {
      throw new IllegalArgumentException("mask " + mask + " does not match " + image);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int base = out.getRGB(x, y) & 0xFFFFFF;
        if (mask.isIgnored(y, x)) {
          if (((x + y) & 3) == 0) {
            out.setRGB(x, y, 0x808080);
          }
          continue;
        }
        int bits = mask.classBits(y, x);
        if (bits == 0) {
          continue;
        }
        // Several classes on one pixel: mix their colours, so wire-over-epoxy reads as orange.
        int r = 0;
        int g = 0;
        int b = 0;
        int n = 0;
        for (int k = 0; k < mask.numClasses(); k++) {
          if ((bits & (1 << k)) != 0) {
            int c = colour(k);
            r += c >> 16 & 0xFF;
            g += c >> 8 & 0xFF;
            b += c & 0xFF;
            n++;
          }
        }
        out.setRGB(x, y, blend(base, (r / n) << 16 | (g / n) << 8 | (b / n), alpha));
      }
    }
    return out;
  }

  /** One channel as an RGB gray picture. */
  public static BufferedImage gray(AoiImage image, int channel) {
    int h = image.height();
    int w = image.width();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    float[] d = image.data();
    int off = channel * h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = ImageCodec.quantize(d[off + y * w + x], 255);
        out.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    return out;
  }

  private static int blend(int base, int colour, float alpha) {
    int r = Math.round((base >> 16 & 0xFF) * (1 - alpha) + (colour >> 16 & 0xFF) * alpha);
    int g = Math.round((base >> 8 & 0xFF) * (1 - alpha) + (colour >> 8 & 0xFF) * alpha);
    int b = Math.round((base & 0xFF) * (1 - alpha) + (colour & 0xFF) * alpha);
    return r << 16 | g << 8 | b;
  }
}
