package org.aoissl.eval;

import org.aoissl.data.Mask;

/** Builds small masks from text: one string per row, one char per pixel. */
final class Masks {
  private Masks() {}

  /**
   * {@code '.'} no class, a digit {@code d} = class bits {@code d} (so '3' is classes 0 and 1), {@code
   * 'x'} ignored with no class, {@code 'X'} ignored with class 0 set.
   */
  static Mask of(int numClasses, String... rows) {
    Mask m = new Mask(numClasses, rows.length, rows[0].length());
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < rows[y].length(); x++) {
        char c = rows[y].charAt(x);
        if (c == 'x' || c == 'X') {
          m.setIgnored(y, x, true);
          if (c == 'X') {
            m.set(0, y, x, true);
          }
        } else if (c != '.') {
          m.setClassBits(y, x, c - '0');
        }
      }
    }
    return m;
  }

  /** A binary image from text rows: '#' on, anything else off. */
  static boolean[] binary(String... rows) {
    int w = rows[0].length();
    boolean[] b = new boolean[rows.length * w];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < w; x++) {
        b[y * w + x] = rows[y].charAt(x) == '#';
      }
    }
    return b;
  }

  /** Rectangle {@code [y0, y1] × [x0, x1]} (inclusive) set in an {@code h×w} binary image. */
  static boolean[] rect(int h, int w, int y0, int y1, int x0, int x1) {
    boolean[] b = new boolean[h * w];
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        b[y * w + x] = true;
      }
    }
    return b;
  }

  /** The same binary image as a one-class mask. */
  static Mask mask(boolean[] b, int h, int w) {
    Mask m = new Mask(1, h, w);
    for (int i = 0; i < b.length; i++) {
      m.set(0, i / w, i % w, b[i]);
    }
    return m;
  }

  static int count(boolean[] b) {
    int n = 0;
    for (boolean v : b) {
      n += v ? 1 : 0;
    }
    return n;
  }
}
