package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Crops a random region and resizes it to {@code outHeight × outWidth}: bilinear for the image,
 * nearest for the mask (class bits and ignore plane), so labels are never blended.
 *
 * <p>The region is chosen as torchvision's {@code RandomResizedCrop} does: its area is a fraction in
 * {@code [scaleMin, scaleMax]} of the image, its aspect ratio (width / height) log-uniform in {@code
 * [ratioMin, ratioMax]}; after ten misses the whole image is center-cropped to the nearest allowed
 * ratio. Both resamplers map output pixel centres to source pixel centres (align-corners off).
 */
public record RandomResizedCrop(
    int outHeight, int outWidth, double scaleMin, double scaleMax, double ratioMin, double ratioMax)
    implements Transform {
  private static final int ATTEMPTS = 10;

  public RandomResizedCrop {
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException(
          "output size must be positive; got " + outWidth + "x" + outHeight);
    }
    Checks.range("scale", scaleMin, scaleMax, Double.MIN_VALUE, 1);
    Checks.range("ratio", ratioMin, ratioMax, Double.MIN_VALUE, Double.MAX_VALUE);
  }

  /** Square output, scale [0.2, 1] and ratio [3/4, 4/3] (MAE's pre-training crop). */
  public static RandomResizedCrop of(int size) {
    return new RandomResizedCrop(size, size, 0.2, 1.0, 3.0 / 4, 4.0 / 3);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    int h = image.height();
    int w = image.width();
    double area = (double) h * w;
    double logMin = Math.log(ratioMin);
    double logMax = Math.log(ratioMax);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double target = area * Checks.uniform(rng, scaleMin, scaleMax);
      double ratio = Math.exp(Checks.uniform(rng, logMin, logMax));
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        int top = rng.nextInt(h - ch + 1);
        int left = rng.nextInt(w - cw + 1);
        return cropResize(image, mask, top, left, ch, cw, outHeight, outWidth);
      }
    }
    double inRatio = (double) w / h;
    int cw = w;
    int ch = h;
    if (inRatio < ratioMin) {
      ch = Math.max(1, (int) Math.round(w / ratioMin));
    } else if (inRatio > ratioMax) {
      cw = Math.max(1, (int) Math.round(h * ratioMax));
    }
    return cropResize(image, mask, (h - ch) / 2, (w - cw) / 2, ch, cw, outHeight, outWidth);
  }

  /**
   * Crops rows {@code top..top+height-1} and columns {@code left..left+width-1} and resizes them to
   * {@code outH × outW}; no randomness. Samples never reach outside the crop.
   */
  public static Augmented cropResize(
      AoiImage image, Mask mask, int top, int left, int height, int width, int outH, int outW) {
    Checks.sameSize(image, mask);
    if (top < 0 || left < 0 || height < 1 || width < 1
        || top + height > image.height() || left + width > image.width()) {
      throw new IllegalArgumentException(
          "crop " + width + "x" + height + " at (" + top + ", " + left + ") is outside the "
              + image.width() + "x" + image.height() + " image");
    }
    double sy = (double) height / outH;
    double sx = (double) width / outW;
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] fy = new float[outH];
    int[] nearY = new int[outH];
    for (int y = 0; y < outH; y++) {
      double src = (y + 0.5) * sy - 0.5;
      tap(src, height, top, y, y0, y1, fy);
      nearY[y] = top + Math.min(height - 1, (int) Math.floor((y + 0.5) * sy));
    }
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    int[] nearX = new int[outW];
    for (int x = 0; x < outW; x++) {
      double src = (x + 0.5) * sx - 0.5;
      tap(src, width, left, x, x0, x1, fx);
      nearX[x] = left + Math.min(width - 1, (int) Math.floor((x + 0.5) * sx));
    }
    int w = image.width();
    int plane = image.height() * w;
    float[] in = image.data();
    float[] out = new float[image.channels() * outH * outW];
    for (int c = 0; c < image.channels(); c++) {
      int base = c * plane;
      int o = c * outH * outW;
      for (int y = 0; y < outH; y++) {
        int r0 = base + y0[y] * w;
        int r1 = base + y1[y] * w;
        for (int x = 0; x < outW; x++) {
          // Lerp form keeps a constant region exactly constant.
          float a = in[r0 + x0[x]];
          float top0 = a + (in[r0 + x1[x]] - a) * fx[x];
          float b = in[r1 + x0[x]];
          float bottom = b + (in[r1 + x1[x]] - b) * fx[x];
          out[o++] = Checks.clamp01(top0 + (bottom - top0) * fy[y]);
        }
      }
    }
    AoiImage outImage = new AoiImage(image.channels(), outH, outW, image.bitDepth(), out);
    if (mask == null) {
      return new Augmented(outImage, null);
    }
    int[] src = new int[outH * outW];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        src[y * outW + x] = nearY[y] * w + nearX[x];
      }
    }
    return new Augmented(outImage, Gather.mask(mask, outH, outW, src));
  }

  /** Two neighbouring source rows (or columns) and the weight of the second, clamped to the crop. */
  private static void tap(double src, int size, int offset, int i, int[] lo, int[] hi, float[] frac) {
    double s = Math.max(0, Math.min(size - 1, src));
    int a = (int) Math.floor(s);
    int b = Math.min(size - 1, a + 1);
    lo[i] = offset + a;
    hi[i] = offset + b;
    frac[i] = (float) (s - a);
  }
}
