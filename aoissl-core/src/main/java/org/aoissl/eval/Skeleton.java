package org.aoissl.eval;

/**
 * Zhang–Suen thinning (Zhang & Suen, CACM 1984): peels a binary shape's contour in two alternating
 * sub-iterations until only a connected, one-pixel-wide centerline with 8-connectivity is left.
 * Pixels outside the image count as background. A known property of the method, kept here: a 2×2
 * block (and a 2-px-thick diagonal) vanishes entirely.
 *
 * <p>Only contour pixels can be deleted, so instead of rescanning the image each sub-iteration we keep
 * a list of candidates (pixels with a background neighbour), growing it with the neighbours of deleted
 * pixels. The result is the same as the full scan; the cost follows the contour, not the area times
 * the shape's thickness.
 */
public final class Skeleton {
  private Skeleton() {}

  /** The centerline of {@code mask} ({@code h×w}, row-major); the input is not changed. */
  public static boolean[] thin(boolean[] mask, int h, int w) {
    if (h < 1 || w < 1 || mask.length != h * w) {
      throw new IllegalArgumentException(
          "mask of " + mask.length + " pixels does not match " + w + "x" + h);
    }
    // One pixel of background padding: neighbours never need a bounds check.
    int pw = w + 2;
    byte[] g = new byte[(h + 2) * pw];
    int foreground = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (mask[y * w + x]) {
          g[(y + 1) * pw + x + 1] = 1;
          foreground++;
        }
      }
    }
    int[] nb = {-pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1, -pw - 1}; // P2..P9, clockwise from north
    Candidates c = new Candidates(g.length, foreground);
    for (int p = pw; p < g.length - pw; p++) {
      if (g[p] == 1 && sum(g, p, nb) < 8) {
        c.add(p);
      }
    }
    int[] deleted = new int[foreground];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int step = 0; step < 2; step++) {
        int nd = 0;
        for (int i = 0; i < c.size; i++) {
          int p = c.items[i];
          if (deletable(g, p, nb, step)) {
            deleted[nd++] = p;
          }
        }
        // Decisions above all saw the same image; only now apply them.
        for (int i = 0; i < nd; i++) {
          g[deleted[i]] = 0;
        }
        c.removeBackground(g);
        for (int i = 0; i < nd; i++) {
          for (int o : nb) {
            int q = deleted[i] + o;
            if (g[q] == 1) {
              c.add(q);
            }
          }
        }
        changed |= nd > 0;
      }
    }
    boolean[] out = new boolean[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = g[(y + 1) * pw + x + 1] == 1;
      }
    }
    return out;
  }

  private static int sum(byte[] g, int p, int[] nb) {
    int s = 0;
    for (int o : nb) {
      s += g[p + o];
    }
    return s;
  }

  /**
   * Zhang–Suen's test: 2 ≤ B ≤ 6 foreground neighbours, exactly one 0→1 transition around P2..P9,P2,
   * and step 0 removes south-east boundary or north-west corner pixels (P2·P4·P6 = 0 and P4·P6·P8 = 0),
   * step 1 the north-west boundary or south-east corner (P2·P4·P8 = 0 and P2·P6·P8 = 0).
   */
  private static boolean deletable(byte[] g, int p, int[] nb, int step) {
    int b = sum(g, p, nb);
    if (b < 2 || b > 6) {
      return false;
    }
    int a = 0;
    for (int i = 0; i < 8; i++) {
      if (g[p + nb[i]] == 0 && g[p + nb[(i + 1) % 8]] == 1) {
        a++;
      }
    }
    if (a != 1) {
      return false;
    }
    int p2 = g[p + nb[0]];
    int p4 = g[p + nb[2]];
    int p6 = g[p + nb[4]];
    int p8 = g[p + nb[6]];
    return step == 0
        ? p2 * p4 * p6 == 0 && p4 * p6 * p8 == 0
        : p2 * p4 * p8 == 0 && p2 * p6 * p8 == 0;
  }

  /** A set of pixel indices with insertion order, bounded by the foreground count. */
  private static final class Candidates {
    final int[] items;
    final boolean[] member;
    int size;

    Candidates(int pixels, int capacity) {
      items = new int[capacity];
      member = new boolean[pixels];
    }

    void add(int p) {
      if (!member[p]) {
        member[p] = true;
        items[size++] = p;
      }
    }

    void removeBackground(byte[] g) {
      int n = 0;
      for (int i = 0; i < size; i++) {
        int p = items[i];
        if (g[p] == 1) {
          items[n++] = p;
        } else {
          member[p] = false;
        }
      }
      size = n;
    }
  }
}
