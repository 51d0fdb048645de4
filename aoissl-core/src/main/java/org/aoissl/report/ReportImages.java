package org.aoissl.report;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.Overlay;

/**
 * PNGs for reports: a channel with auto-contrast, a mask in {@link Overlay}'s class colours, and an
 * error map of a prediction against ground truth. Large images are shrunk by a whole factor so their
 * longer side is at most {@code maxSide} (0: keep the size): channels by averaging blocks, masks and
 * error maps by picking one label per block (see {@link #mask} and {@link #errors}), never blending.
 */
public final class ReportImages {
  /** Longer side of report images by default: a 512² image is shown at 256². */
  public static final int DEFAULT_MAX_SIDE = 256;
  /** Error map colours (Okabe & Ito, distinct under colour blindness) over the image dimmed. */
  public static final int TRUE_POSITIVE = 0xB4B4B4;
  public static final int FALSE_POSITIVE = 0xE69F00;
  public static final int FALSE_NEGATIVE = 0x56B4E9;
  public static final int WRONG_CLASS = 0xCC79A7;
  /** Background brightness of an error map, and of its ignored pixels, relative to the image. */
  static final float DIM = 0.3f;
  static final float DIM_IGNORED = 0.1f;
  private static final int IGNORE_GREY = 0x606060;

  // Error categories, in order of precedence when a block must be shown as one.
  private static final int BACKGROUND = 0;
  private static final int TP = 1;
  private static final int FN = 2;
  private static final int FP = 3;
  private static final int WRONG = 4;
  private static final int IGNORED = 5;
  private static final int[] CATEGORY_RGB = {0, TRUE_POSITIVE, FALSE_NEGATIVE, FALSE_POSITIVE,
      WRONG_CLASS};

  private ReportImages() {}

  /** One channel in gray, contrast stretched between its 1st and 99th percentile. */
  public static ReportImage channel(AoiImage image, int channel, String caption, int maxSide) {
    int f = factor(image.height(), image.width(), maxSide);
    int h = ceilDiv(image.height(), f);
    int w = ceilDiv(image.width(), f);
    float[] gray = stretched(image, channel, maxSide);
    int[] levels = new int[gray.length];
    for (int i = 0; i < gray.length; i++) {
      levels[i] = Math.round(255 * gray[i]);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    out.getRaster().setSamples(0, 0, w, h, 0, levels);
    return ReportImage.of(out, caption);
  }

  /**
   * A mask on black: each class in its {@link Overlay#colour}, pixels of several classes in the mean of
   * their colours, ignored pixels as a grey hatch. When shrunk, a block shows its most frequent
   * non-empty label if it has one (so one-pixel wires survive), and is ignored if mostly ignored.
   */
  public static ReportImage mask(Mask mask, String caption, int maxSide) {
    int f = factor(mask.height(), mask.width(), maxSide);
    int h = ceilDiv(mask.height(), f);
    int w = ceilDiv(mask.width(), f);
    int[] rgb = new int[h * w];
    int[] counts = new int[256];
    for (int by = 0; by < h; by++) {
      for (int bx = 0; bx < w; bx++) {
        Arrays.fill(counts, 0);
        int ignored = 0;
        int n = 0;
        for (int y = by * f; y < Math.min(mask.height(), (by + 1) * f); y++) {
          for (int x = bx * f; x < Math.min(mask.width(), (bx + 1) * f); x++) {
            n++;
            if (mask.isIgnored(y, x)) {
              ignored++;
            } else {
              counts[mask.classBits(y, x)]++;
            }
          }
        }
        int i = by * w + bx;
        if (2 * ignored > n) {
          rgb[i] = ((bx + by) & 1) == 0 ? IGNORE_GREY : 0x303030;
        } else {
          rgb[i] = classColour(mode(counts, 1));
        }
      }
    }
    return ReportImage.of(image(h, w, rgb), caption);
  }

  /**
   * The errors of {@code prediction} against {@code truth} (whose ignore plane counts) over channel
   * {@code channel} dimmed: per pixel, classes predicted but not true and none missed are a false
   * positive, classes missed and none extra a false negative, both at once a wrong class, a non-empty
   * exact match a true positive; pixels of no class in either show the image, ignored pixels show it
   * darker. When shrunk, a block with any error shows its most frequent error (the more severe on a
   * tie), else true positive if it has one: errors are never hidden, so one-pixel boundary errors
   * show (and look up to as wide as a block).
   */
  public static ReportImage errors(
      AoiImage image, int channel, Mask truth, Mask prediction, String caption, int maxSide) {
    return errors(image, channel, truth, prediction, 0xFF, caption, maxSide);
  }

  /** The error map of class {@code k} alone; see {@link #errors}. */
  public static ReportImage classErrors(AoiImage image, int channel, Mask truth, Mask prediction,
      int k, String caption, int maxSide) {
    if (k < 0 || k >= truth.numClasses()) {
      throw new IndexOutOfBoundsException("class " + k + " of " + truth.numClasses());
    }
    return errors(image, channel, truth, prediction, 1 << k, caption, maxSide);
  }

  /**
   * The row a report shows for one test image: buffer 0, buffer 1 (if present), ground truth,
   * prediction and the error map over buffer 0.
   */
  public static ImageRow sampleRow(
      String label, AoiImage image, Mask truth, Mask prediction, int maxSide) {
    List<ReportImage> images = new ArrayList<>();
    images.add(channel(image, 0, "buffer 0 (coaxial)", maxSide));
    if (image.channels() > 1) {
      images.add(channel(image, 1, "buffer 1 (ring)", maxSide));
    }
    images.add(mask(truth, "ground truth", maxSide));
    images.add(mask(prediction, "prediction", maxSide));
    images.add(errors(image, 0, truth, prediction, "errors", maxSide));
    return new ImageRow(label, images);
  }

  /** Legend of class colours, as {@link #mask} draws them. */
  public static List<LegendEntry> classLegend(List<String> classNames) {
    List<LegendEntry> out = new ArrayList<>();
    for (int k = 0; k < classNames.size(); k++) {
      out.add(new LegendEntry(classNames.get(k), Overlay.colour(k)));
    }
    out.add(new LegendEntry("ignored", IGNORE_GREY));
    return out;
  }

  /** Legend of error map colours, as {@link #errors} draws them. */
  public static List<LegendEntry> errorLegend() {
    return List.of(
        new LegendEntry("correct (true positive)", TRUE_POSITIVE),
        new LegendEntry("false positive", FALSE_POSITIVE),
        new LegendEntry("false negative (missed)", FALSE_NEGATIVE),
        new LegendEntry("wrong class", WRONG_CLASS));
  }

  private static ReportImage errors(AoiImage image, int channel, Mask truth, Mask prediction,
      int classMask, String caption, int maxSide) {
    int hh = image.height();
    int ww = image.width();
    if (truth.height() != hh || truth.width() != ww || prediction.height() != hh
        || prediction.width() != ww) {
      throw new IllegalArgumentException(
          "masks " + truth + ", " + prediction + " do not match " + image);
    }
    int f = factor(hh, ww, maxSide);
    float[] gray = stretched(image, channel, maxSide);
    int h = ceilDiv(hh, f);
    int w = ceilDiv(ww, f);
    int[] rgb = new int[h * w];
    int[] counts = new int[IGNORED + 1];
    for (int by = 0; by < h; by++) {
      for (int bx = 0; bx < w; bx++) {
        Arrays.fill(counts, 0);
        int n = 0;
        for (int y = by * f; y < Math.min(hh, (by + 1) * f); y++) {
          for (int x = bx * f; x < Math.min(ww, (bx + 1) * f); x++) {
            n++;
            counts[category(truth, prediction, classMask, y, x)]++;
          }
        }
        int i = by * w + bx;
        if (2 * counts[IGNORED] > n) {
          rgb[i] = grayRgb(gray[i] * DIM_IGNORED);
          continue;
        }
        int best = counts[TP] > 0 ? TP : BACKGROUND;
        for (int c = FN; c <= WRONG; c++) {
          if (counts[c] > 0 && (best < FN || counts[c] >= counts[best])) {
            best = c;
          }
        }
        rgb[i] = best == BACKGROUND ? grayRgb(gray[i] * DIM) : CATEGORY_RGB[best];
      }
    }
    return ReportImage.of(image(h, w, rgb), caption);
  }

  private static int category(Mask truth, Mask prediction, int classMask, int y, int x) {
    if (truth.isIgnored(y, x)) {
      return IGNORED;
    }
    int t = truth.classBits(y, x) & classMask;
    int p = prediction.classBits(y, x) & classMask;
    int missed = t & ~p;
    int extra = p & ~t;
    if (missed != 0 && extra != 0) {
      return WRONG;
    }
    if (extra != 0) {
      return FP;
    }
    if (missed != 0) {
      return FN;
    }
    return t != 0 ? TP : BACKGROUND;
  }

  /**
   * Channel values mapped so its 1st percentile is 0 and its 99th is 1 (clamped), averaged over
   * blocks of the shrink factor; row-major at the shrunk size.
   */
  static float[] stretched(AoiImage image, int channel, int maxSide) {
    if (channel < 0 || channel >= image.channels()) {
      throw new IndexOutOfBoundsException("channel " + channel + " of " + image.channels());
    }
    float[] plane = image.channel(channel);
    float[] sorted = plane.clone();
    Arrays.sort(sorted);
    float lo = sorted[(int) Math.round(0.01 * (sorted.length - 1))];
    float hi = sorted[(int) Math.round(0.99 * (sorted.length - 1))];
    float range = hi > lo ? hi - lo : 1;
    int hh = image.height();
    int ww = image.width();
    int f = factor(hh, ww, maxSide);
    int h = ceilDiv(hh, f);
    int w = ceilDiv(ww, f);
    float[] out = new float[h * w];
    for (int by = 0; by < h; by++) {
      for (int bx = 0; bx < w; bx++) {
        double sum = 0;
        int n = 0;
        for (int y = by * f; y < Math.min(hh, (by + 1) * f); y++) {
          for (int x = bx * f; x < Math.min(ww, (bx + 1) * f); x++) {
            sum += plane[y * ww + x];
            n++;
          }
        }
        float v = (float) ((sum / n - lo) / range);
        out[by * w + bx] = Math.max(0f, Math.min(1f, v));
      }
    }
    return out;
  }

  /** The whole factor that brings the longer side to at most maxSide (1 if maxSide ≤ 0). */
  static int factor(int height, int width, int maxSide) {
    return maxSide <= 0 ? 1 : Math.max(1, ceilDiv(Math.max(height, width), maxSide));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Most frequent index ≥ from with a non-zero count, else 0; the lowest index wins ties. */
  private static int mode(int[] counts, int from) {
    int best = 0;
    for (int i = from; i < counts.length; i++) {
      if (counts[i] > 0 && (best == 0 || counts[i] > counts[best])) {
        best = i;
      }
    }
    return best;
  }

  private static int classColour(int bits) {
    if (bits == 0) {
      return 0;
    }
    int r = 0;
    int g = 0;
    int b = 0;
    int n = 0;
    for (int k = 0; k < 8; k++) {
      if ((bits & (1 << k)) != 0) {
        int c = Overlay.colour(k);
        r += c >> 16 & 0xFF;
        g += c >> 8 & 0xFF;
        b += c & 0xFF;
        n++;
      }
    }
    return (r / n) << 16 | (g / n) << 8 | (b / n);
  }

  private static int grayRgb(float v) {
    int g = Math.round(255 * Math.max(0f, Math.min(1f, v)));
    return g << 16 | g << 8 | g;
  }

  private static BufferedImage image(int h, int w, int[] rgb) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }
}
