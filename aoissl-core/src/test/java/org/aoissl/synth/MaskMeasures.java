package org.aoissl.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aoissl.data.Mask;

/**
 * Measurements on rendered masks for the generator's tests: connected components, their equivalent
 * diameters, the width of thin strokes, and how well two masks match after the best integer shift.
 */
final class MaskMeasures {
  private MaskMeasures() {}

  /** Plane of class k as booleans, row-major. */
  static boolean[] plane(Mask m, int k) {
    boolean[] p = new boolean[m.height() * m.width()];
    for (int y = 0; y < m.height(); y++) {
      for (int x = 0; x < m.width(); x++) {
        p[y * m.width() + x] = m.get(k, y, x);
      }
    }
    return p;
  }

  /** Areas of the 4-connected components of a plane. */
  static List<Integer> componentAreas(boolean[] p, int w, int h) {
    int[] label = new int[p.length];
    List<Integer> areas = new ArrayList<>();
    int[] stack = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      if (!p[i] || label[i] != 0) {
        continue;
      }
      int id = areas.size() + 1;
      int top = 0;
      stack[top++] = i;
      label[i] = id;
      int area = 0;
      while (top > 0) {
        int j = stack[--top];
        area++;
        int x = j % w;
        int y = j / w;
        int[] nb = {x > 0 ? j - 1 : -1, x < w - 1 ? j + 1 : -1, y > 0 ? j - w : -1, y < h - 1 ? j + w : -1};
        for (int q : nb) {
          if (q >= 0 && p[q] && label[q] == 0) {
            label[q] = id;
            stack[top++] = q;
          }
        }
      }
      areas.add(area);
    }
    return areas;
  }

  /** Median equivalent diameter sqrt(4A/π) of the components of at least {@code minArea} pixels. */
  static double medianDiameter(boolean[] p, int w, int h, int minArea) {
    double[] d = componentAreas(p, w, h).stream().filter(a -> a >= minArea)
        .mapToDouble(a -> Math.sqrt(4 * a / Math.PI)).sorted().toArray();
    return d.length == 0 ? 0 : d[d.length / 2];
  }

  /**
   * Median stroke width over the pixels of a plane of thin strokes: a stroke of width w at angle θ has
   * horizontal runs w/|sin θ| and vertical runs w/|cos θ| through each pixel, so
   * w = 1 / sqrt(1/run_x² + 1/run_y²).
   */
  static double medianStrokeWidth(boolean[] p, int w, int h) {
    int[] runX = new int[p.length];
    int[] runY = new int[p.length];
    for (int y = 0; y < h; y++) {
      int x = 0;
      while (x < w) {
        if (!p[y * w + x]) {
          x++;
          continue;
        }
        int e = x;
        while (e < w && p[y * w + e]) {
          e++;
        }
        for (int i = x; i < e; i++) {
          runX[y * w + i] = e - x;
        }
        x = e;
      }
    }
    for (int x = 0; x < w; x++) {
      int y = 0;
      while (y < h) {
        if (!p[y * w + x]) {
          y++;
          continue;
        }
        int e = y;
        while (e < h && p[e * w + x]) {
          e++;
        }
        for (int i = y; i < e; i++) {
          runY[i * w + x] = e - y;
        }
        y = e;
      }
    }
    double[] widths = new double[p.length];
    int n = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i]) {
        double a = runX[i];
        double b = runY[i];
        widths[n++] = 1 / Math.sqrt(1 / (a * a) + 1 / (b * b));
      }
    }
    double[] s = Arrays.copyOf(widths, n);
    Arrays.sort(s);
    return n == 0 ? 0 : s[n / 2];
  }

  /** Integer shift (dx, dy) of b within ±r that maximises the overlap with a, and that IoU. */
  static double[] bestShift(boolean[] a, boolean[] b, int w, int h, int r) {
    int[] pts = points(b);
    long countA = count(a);
    double best = -1;
    int bx = 0;
    int by = 0;
    for (int dy = -r; dy <= r; dy++) {
      for (int dx = -r; dx <= r; dx++) {
        int hit = 0;
        for (int j : pts) {
          int x = j % w + dx;
          int y = j / w + dy;
          if (x >= 0 && x < w && y >= 0 && y < h && a[y * w + x]) {
            hit++;
          }
        }
        double iou = hit / (double) (countA + pts.length - hit);
        if (iou > best) {
          best = iou;
          bx = dx;
          by = dy;
        }
      }
    }
    return new double[] {bx, by, best};
  }

  /** Mean distance in pixels from each pixel of b, shifted by (dx, dy), to the nearest pixel of a. */
  static double meanDistance(boolean[] a, boolean[] b, int w, int h, int dx, int dy, int cap) {
    double sum = 0;
    int n = 0;
    for (int j : points(b)) {
      int x = j % w + dx;
      int y = j / w + dy;
      double d = cap;
      for (int r = 0; r < cap && d > r; r++) {
        for (int yy = y - r; yy <= y + r; yy++) {
          for (int xx = x - r; xx <= x + r; xx++) {
            if (xx >= 0 && xx < w && yy >= 0 && yy < h && a[yy * w + xx]) {
              d = Math.min(d, Math.hypot(xx - x, yy - y));
            }
          }
        }
      }
      sum += d;
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }

  static int[] points(boolean[] p) {
    int[] out = new int[(int) count(p)];
    int n = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i]) {
        out[n++] = i;
      }
    }
    return out;
  }

  static long count(boolean[] p) {
    long c = 0;
    for (boolean v : p) {
      c += v ? 1 : 0;
    }
    return c;
  }

  /** Centroids (x, y) of the components of at least {@code minArea} pixels. */
  static List<double[]> centroids(boolean[] p, int w, int h, int minArea) {
    boolean[] seen = new boolean[p.length];
    List<double[]> out = new ArrayList<>();
    int[] stack = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      if (!p[i] || seen[i]) {
        continue;
      }
      int top = 0;
      stack[top++] = i;
      seen[i] = true;
      double sx = 0;
      double sy = 0;
      int n = 0;
      while (top > 0) {
        int j = stack[--top];
        int x = j % w;
        int y = j / w;
        sx += x;
        sy += y;
        n++;
        int[] nb = {x > 0 ? j - 1 : -1, x < w - 1 ? j + 1 : -1, y > 0 ? j - w : -1, y < h - 1 ? j + w : -1};
        for (int q : nb) {
          if (q >= 0 && p[q] && !seen[q]) {
            seen[q] = true;
            stack[top++] = q;
          }
        }
      }
      if (n >= minArea) {
        out.add(new double[] {sx / n, sy / n});
      }
    }
    return out;
  }

  /**
   * Fraction of the points of both sets (b shifted by (dx, dy)) that have a partner in the other set
   * within {@code tol} pixels; 1 when the two layouts agree point for point.
   */
  static double matchFraction(List<double[]> a, List<double[]> b, double dx, double dy, double tol) {
    int hits = 0;
    for (double[] q : b) {
      for (double[] p : a) {
        if (Math.hypot(p[0] - q[0] - dx, p[1] - q[1] - dy) <= tol) {
          hits++;
          break;
        }
      }
    }
    for (double[] p : a) {
      for (double[] q : b) {
        if (Math.hypot(p[0] - q[0] - dx, p[1] - q[1] - dy) <= tol) {
          hits++;
          break;
        }
      }
    }
    return a.size() + b.size() == 0 ? 1 : hits / (double) (a.size() + b.size());
  }
}
