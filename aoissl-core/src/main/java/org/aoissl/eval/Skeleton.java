package org.aoissl.eval;

/**
 * Zhang–Suen thinning (Zhang & Suen, CACM 1984): peels a binary shape's contour in two alternating
 * sub-iterations until only a connected, one-pixel-wide centerline with 8-connectivity is left.
 * Pixels outside the image count as background. A known property of the method, kept by {@link
 * #thin}: a 2×2 block (and a 2-px-thick diagonal) vanishes entirely; {@link #centerline} keeps one
 * pixel of such shapes.
 *
 * <p>Only contour pixels can be deleted, so instead of rescanning the image each sub-iteration we keep
 * a list of candidates (pixels with a background neighbour), growing it with the neighbours of deleted
 * pixels. The result is the same as the full scan; the cost follows the contour, not the area times
 * the shape's thickness.
 */
public final class Skeleton {
  private Skeleton() {}

  /**
   * {@link #thin} plus one pixel for every 8-connected shape that thinning erased completely (a 2×2
   * block, say): the shape's pixel nearest its centroid, first in raster order on ties. A small blob
   * such as a ball bond then still has a centerline to match, instead of dropping out of clDice.
   */
  public static boolean[] centerline(boolean[] mask, int h, int w) {
    boolean[] s = thin(mask, h, w);
    boolean[] seen = new boolean[h * w];
    int[] queue = new int[h * w];
    for (int start = 0; start < mask.length; start++) {
      if (!mask[start] || seen[start]) {
        continue;
      }
      // Breadth-first over the 8-connected shape, noting whether any skeleton pixel survived.
      int n = 0;
      queue[n++] = start;
      seen[start] = true;
      boolean kept = false;
      double sy = 0;
      double sx = 0;
      for (int head = 0; head < n; head++) {
        int p = queue[head];
        int py = p / w;
        int px = p % w;
        kept |= s[p];
        sy += py;
        sx += px;
        for (int y = Math.max(0, py - 1); y <= Math.min(h - 1, py + 1); y++) {
          for (int x = Math.max(0, px - 1); x <= Math.min(w - 1, px + 1); x++) {
            int q = y * w + x;
            if (mask[q] && !seen[q]) {
              seen[q] = true;
              queue[n++] = q;
            }
          }
        }
      }
      if (!kept) {
        s[nearest(queue, n, sy / n, sx / n, w)] = true;
      }
    }
    return s;
  }

  private static int nearest(int[] pixels, int n, double cy, double cx, int w) {
    int best = -1;
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int p = pixels[i];
      double dy = p / w - cy;
      double dx = p % w - cx;
      double d = dy * dy + dx * dx;
      if (d < bestD || (d == bestD && p < best)) {
        best = p;
        bestD = d;
      }
    }
    return best;
  }

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
