package org.aoissl.data;

import java.io.IOException;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;

/**
 * Masks to and from 8-bit PNG label images: integer id maps, bit-packed multi-label maps and one
 * binary PNG per class. The value 255 means ignore in both label encodings.
 */
public final class MaskCodec {
  public static final int IGNORE = 255;

  private MaskCodec() {}

  /** Reads a label PNG of the given encoding, checking every value against the class set. */
  public static Mask read(Path file, LabelEncoding encoding, ClassSet classes) throws IOException {
    int[][] v = ImageCodec.readLabels(file);
    int h = v.length;
    int w = v[0].length;
    int k = classes.size();
    Mask m = new Mask(k, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int id = v[y][x];
        if (id == IGNORE) {
          m.setIgnored(y, x, true);
        } else if (encoding == LabelEncoding.IDS) {
          if (id > k) {
            throw new BadInputException(file, outside(id, x, y, "ids 0.." + k, classes));
          }
          if (id > 0) {
            m.set(id - 1, y, x, true);
          }
        } else {
          if ((id >>> k) != 0) {
            throw new BadInputException(
                file, outside(id, x, y, "bit values 0.." + ((1 << k) - 1), classes));
          }
          m.setClassBits(y, x, id);
        }
      }
    }
    return m;
  }

  /** Writes a mask as a label PNG; with {@link LabelEncoding#IDS} overlapping classes are resolved. */
  public static void write(Path file, Mask mask, LabelEncoding encoding) throws IOException {
    int h = mask.height();
    int w = mask.width();
    int[] out = new int[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v;
        if (mask.isIgnored(y, x)) {
          v = IGNORE;
        } else {
          int bits = mask.classBits(y, x);
          v = encoding == LabelEncoding.BITS ? bits : bits == 0 ? 0 : Integer.numberOfTrailingZeros(bits) + 1;
        }
        out[y * w + x] = v;
      }
    }
    ImageCodec.writeLabels(file, h, w, out);
  }

  /**
   * Writes one 0/255 PNG per class, {@code <dir>/<stem>_<class>.png}, and {@code <stem>_ignore.png} when
   * any pixel is ignored.
   */
  public static void writePerClass(Path dir, String stem, Mask mask, ClassSet classes) throws IOException {
    int h = mask.height();
    int w = mask.width();
    int[] out = new int[h * w];
    for (int k = 0; k < classes.size(); k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[y * w + x] = mask.get(k, y, x) ? 255 : 0;
        }
      }
      ImageCodec.writeLabels(dir.resolve(stem + "_" + classes.name(k) + ".png"), h, w, out);
    }
    if (mask.ignoredCount() > 0) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[y * w + x] = mask.isIgnored(y, x) ? 255 : 0;
        }
      }
      ImageCodec.writeLabels(dir.resolve(stem + "_ignore.png"), h, w, out);
    }
  }

  private static String outside(int id, int x, int y, String allowed, ClassSet classes) {
    return "label value " + id + " at (x=" + x + ", y=" + y + ") is outside the class set ["
        + classes + "] (" + allowed + ", 255=ignore)";
  }
}
