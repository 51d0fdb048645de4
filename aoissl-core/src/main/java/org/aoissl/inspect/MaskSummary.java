package org.aoissl.inspect;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Mask;
import org.aoissl.eval.Skeleton;

/**
 * What an inspection line reads off a predicted mask, per class: pixel count and area fraction, the
 * 8-connected components as instances (a ball bond's centre and diameter), and the centerline length
 * (a wire's length in pixels). Ignored pixels count as background.
 */
public final class MaskSummary {
  /** Instances listed per class at most; the count is always complete. */
  public static final int MAX_INSTANCES = 1000;

  /**
   * One 8-connected component: its pixel count, centroid (pixel centres, x right, y down), bounding box
   * and equivalent diameter {@code 2·sqrt(area/π)} (the diameter of a disc of the same area).
   */
  public record Component(long area, double cx, double cy, int x0, int y0, int x1, int y1, double diameter) {}

  /**
   * One class: pixels, fraction of the image, number of components, the first {@link #MAX_INSTANCES}
   * of them in raster order of their first pixel, and the centerline length in pixels.
   */
  public record ClassSummary(String name, long pixels, double fraction, int components,
      List<Component> instances, double skeletonLength) {}

  private MaskSummary() {}

  /** Summaries of every class of {@code mask}, in class order. */
  public static List<ClassSummary> of(Mask mask, ClassSet classes) {
    if (classes.size() != mask.numClasses()) {
      throw new IllegalArgumentException("mask has " + mask.numClasses() + " classes; names give " + classes.size());
    }
    int h = mask.height();
    int w = mask.width();
    List<ClassSummary> out = new ArrayList<>();
    for (int k = 0; k < mask.numClasses(); k++) {
      boolean[] on = new boolean[h * w];
      long pixels = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (mask.get(k, y, x) && !mask.isIgnored(y, x)) {
            on[y * w + x] = true;
            pixels++;
          }
        }
      }
      List<Component> all = components(on, h, w);
      double length = skeletonLength(Skeleton.centerline(on, h, w), h, w);
      out.add(new ClassSummary(classes.name(k), pixels, (double) pixels / ((long) h * w), all.size(),
          List.copyOf(all.subList(0, Math.min(all.size(), MAX_INSTANCES))), length));
    }
    return out;
  }

  /** The 8-connected components of {@code on} ({@code [H·W]}), in raster order of their first pixel. */
  public static List<Component> components(boolean[] on, int h, int w) {
    List<Component> out = new ArrayList<>();
    boolean[] seen = new boolean[h * w];
    int[] queue = new int[h * w];
    for (int start = 0; start < on.length; start++) {
      if (!on[start] || seen[start]) {
        continue;
      }
      int n = 0;
      queue[n++] = start;
      seen[start] = true;
      double sx = 0;
      double sy = 0;
      int x0 = w;
      int y0 = h;
      int x1 = -1;
      int y1 = -1;
      for (int head = 0; head < n; head++) {
        int p = queue[head];
        int py = p / w;
        int px = p % w;
        sx += px;
        sy += py;
        x0 = Math.min(x0, px);
        y0 = Math.min(y0, py);
        x1 = Math.max(x1, px);
        y1 = Math.max(y1, py);
        for (int y = Math.max(0, py - 1); y <= Math.min(h - 1, py + 1); y++) {
          for (int x = Math.max(0, px - 1); x <= Math.min(w - 1, px + 1); x++) {
            int q = y * w + x;
            if (on[q] && !seen[q]) {
              seen[q] = true;
              queue[n++] = q;
            }
          }
        }
      }
      out.add(new Component(n, sx / n, sy / n, x0, y0, x1, y1, 2 * Math.sqrt(n / Math.PI)));
    }
    return out;
  }

  /**
   * Length of a one-pixel-wide centerline: every 8-neighbour link counted once, 1 for a horizontal or
   * vertical step and √2 for a diagonal one. A diagonal link is skipped when the two pixels are also
   * joined through a shared orthogonal neighbour, so a staircase corner is not counted twice.
   */
  public static double skeletonLength(boolean[] line, int h, int w) {
    double len = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!line[y * w + x]) {
          continue;
        }
        // Links to the right, down, down-right and down-left: each link is seen from one end only.
        boolean right = x + 1 < w && line[y * w + x + 1];
        boolean down = y + 1 < h && line[(y + 1) * w + x];
        if (right) {
          len += 1;
        }
        if (down) {
          len += 1;
        }
        if (x + 1 < w && y + 1 < h && line[(y + 1) * w + x + 1] && !right && !line[(y + 1) * w + x]) {
          len += Math.sqrt(2);
        }
        if (x > 0 && y + 1 < h && line[(y + 1) * w + x - 1] && !down && !line[y * w + x - 1]) {
          len += Math.sqrt(2);
        }
      }
    }
    return len;
  }
}
