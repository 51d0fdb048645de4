package org.aoissl.data.annot;

import java.util.Arrays;

/**
 * Turns vector shapes into pixels of a width×height image, clipped to the image.
 *
 * <p><b>Pixel-centre convention</b> (the one rule every method follows): coordinates are continuous, x to
 * the right and y down, with the origin at the top-left <em>corner</em> of the image, so pixel (x, y) is
 * the unit square [x, x+1) × [y, y+1). A pixel belongs to a shape exactly when its centre
 * (x + 0.5, y + 0.5) does. COCO and VIA store coordinates in this frame, so the polygon
 * (1,1) (4,1) (4,3) (1,3) covers the pixels x = 1..3, y = 1..2.
 *
 * <p>Ties (a centre exactly on the outline): polygons and rectangles own their top and left edges but not
 * their bottom and right ones (half-open, as above), so two shapes sharing an edge never both claim a
 * pixel. Polylines, circles and ellipses are closed: a centre at distance exactly r counts.
 */
final class Rasterizer {
  private final int width;
  private final int height;
  private final SpanSink sink;

  Rasterizer(int width, int height, SpanSink sink) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive; got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.sink = sink;
  }

  /**
   * Fills a polygon given as flat {@code [x0, y0, x1, y1, ...]} (closed implicitly) by the even-odd rule:
   * a centre is inside when a ray from it crosses the outline an odd number of times, so a ring traced
   * inside another ring is a hole and an edge traced twice cancels out.
   */
  void polygon(double[] xy) {
    int n = xy.length / 2;
    if (n < 3) {
      return;
    }
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minY = Math.min(minY, xy[2 * i + 1]);
      maxY = Math.max(maxY, xy[2 * i + 1]);
    }
    int y0 = firstCentreAtOrAfter(minY, height);
    int y1 = firstCentreAtOrAfter(maxY, height);
    double[] crossings = new double[n];
    for (int y = y0; y < y1; y++) {
      double yc = y + 0.5;
      int m = 0;
      for (int i = 0, j = n - 1; i < n; j = i++) {
        double ya = xy[2 * j + 1];
        double yb = xy[2 * i + 1];
        // Half-open in y: an edge owns its end with the smaller y, not the other, so a vertex the outline
        // passes through counts once and horizontal edges never cross.
        if ((ya <= yc) != (yb <= yc)) {
          double xa = xy[2 * j];
          double xb = xy[2 * i];
          crossings[m++] = xa + (yc - ya) * (xb - xa) / (yb - ya);
        }
      }
      Arrays.sort(crossings, 0, m);
      for (int k = 0; k + 1 < m; k += 2) {
        emit(y, firstCentreAtOrAfter(crossings[k], width),
            firstCentreAtOrAfter(crossings[k + 1], width));
      }
    }
  }

  /** Fills the axis-aligned rectangle [x, x+w) × [y, y+h); the same pixels as its corner polygon. */
  void rect(double x, double y, double w, double h) {
    int x0 = firstCentreAtOrAfter(x, width);
    int x1 = firstCentreAtOrAfter(x + w, width);
    for (int row = firstCentreAtOrAfter(y, height); row < firstCentreAtOrAfter(y + h, height); row++) {
      emit(row, x0, x1);
    }
  }

  /** Fills the pixels whose centre is within distance r of (cx, cy). */
  void circle(double cx, double cy, double r) {
    ellipse(cx, cy, r, r, 0);
  }

  /**
   * Fills an ellipse with semi-axes rx (along the rotated x axis) and ry, rotated by theta radians as VIA
   * and the HTML canvas do: positive theta turns the rx axis from +x towards +y, i.e. clockwise on screen.
   * An ellipse with a non-positive semi-axis covers nothing.
   */
  void ellipse(double cx, double cy, double rx, double ry, double theta) {
    if (!(rx > 0 && ry > 0)) {
      return;
    }
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double ex = Math.hypot(rx * cos, ry * sin);
    double ey = Math.hypot(rx * sin, ry * cos);
    // Products instead of divisions keep axis-aligned tests exact: (u/rx)^2 + (v/ry)^2 <= 1.
    double limit = (rx * ry) * (rx * ry);
    int xa = clampedFloor(cx - ex - 0.5, width);
    int xb = clampedFloor(cx + ex - 0.5, width) + 1;
    int yb = Math.min(height - 1, clampedFloor(cy + ey - 0.5, height) + 1);
    for (int y = clampedFloor(cy - ey - 0.5, height); y <= yb; y++) {
      double dy = y + 0.5 - cy;
      int runStart = -1;
      for (int x = xa; x <= xb; x++) {
        boolean in = false;
        if (x < width) {
          double dx = x + 0.5 - cx;
          double u = (dx * cos + dy * sin) * ry;
          double v = (-dx * sin + dy * cos) * rx;
          in = u * u + v * v <= limit;
        }
        runStart = run(y, x, in, runStart);
      }
      run(y, xb + 1, false, runStart);
    }
  }

  /**
   * Strokes an open polyline {@code [x0, y0, x1, y1, ...]}: every pixel whose centre lies within
   * strokeWidth / 2 of some segment (so the ends are round caps). A single point gives a disc.
   */
  void polyline(double[] xy, double strokeWidth) {
    int n = xy.length / 2;
    double r = strokeWidth / 2;
    if (n < 1 || !(r > 0)) {
      return;
    }
    if (n == 1) {
      circle(xy[0], xy[1], r);
      return;
    }
    for (int i = 0; i + 1 < n; i++) {
      segment(xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3], r);
    }
  }

  private void segment(double ax, double ay, double bx, double by, double r) {
    double dx = bx - ax;
    double dy = by - ay;
    double len2 = dx * dx + dy * dy;
    double r2 = r * r;
    // One pixel of slack around the bounding box; the exact test below decides.
    int xa = clampedFloor(Math.min(ax, bx) - r - 0.5, width);
    int xb = clampedFloor(Math.max(ax, bx) + r - 0.5, width) + 1;
    int ya = clampedFloor(Math.min(ay, by) - r - 0.5, height);
    int yb = Math.min(height - 1, clampedFloor(Math.max(ay, by) + r - 0.5, height) + 1);
    for (int y = ya; y <= yb; y++) {
      double py = y + 0.5;
      int runStart = -1;
      for (int x = xa; x <= xb; x++) {
        boolean in = false;
        if (x < width) {
          double px = x + 0.5;
          double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
          t = Math.max(0, Math.min(1, t));
          double qx = px - (ax + t * dx);
          double qy = py - (ay + t * dy);
          in = qx * qx + qy * qy <= r2;
        }
        runStart = run(y, x, in, runStart);
      }
      run(y, xb + 1, false, runStart);
    }
  }

  /** Tracks a run of inside pixels along a row; returns the new run start (-1 when outside). */
  private int run(int y, int x, boolean in, int runStart) {
    if (in) {
      return runStart < 0 ? x : runStart;
    }
    if (runStart >= 0) {
      emit(y, runStart, x);
    }
    return -1;
  }

  private void emit(int y, int x0, int x1) {
    if (x0 < x1 && y >= 0 && y < height) {
      sink.span(y, x0, x1);
    }
  }

  /** Smallest index i in [0, size] with centre i + 0.5 >= v (size when there is none). */
  private static int firstCentreAtOrAfter(double v, int size) {
    double i = Math.ceil(v - 0.5);
    return (int) Math.max(0, Math.min(size, i));
  }

  /** floor(v) clamped to [0, size - 1]; far-away shapes stay cheap. */
  private static int clampedFloor(double v, int size) {
    return (int) Math.max(0, Math.min(size - 1, Math.floor(v)));
  }
}
