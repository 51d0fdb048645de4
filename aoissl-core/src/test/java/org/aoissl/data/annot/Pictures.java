package org.aoissl.data.annot;

import java.util.function.Consumer;
import org.aoissl.data.Mask;

/** Masks as ASCII pictures ('#' set, '.' clear, one string row per image row) so tests read like the mask. */
final class Pictures {
  private Pictures() {}

  static String of(String... rows) {
    return String.join("\n", rows);
  }

  /** Runs a drawing on a fresh width×height grid and returns its picture. */
  static String draw(int width, int height, Consumer<Rasterizer> drawing) {
    boolean[][] grid = new boolean[height][width];
    drawing.accept(new Rasterizer(width, height, (y, x0, x1) -> {
      if (y < 0 || y >= height || x0 < 0 || x1 > width || x0 >= x1) {
        throw new AssertionError("span outside the image or empty: y=" + y + " x=" + x0 + ".." + x1);
      }
      for (int x = x0; x < x1; x++) {
        grid[y][x] = true;
      }
    }));
    StringBuilder sb = new StringBuilder();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        sb.append(grid[y][x] ? '#' : '.');
      }
      if (y + 1 < height) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** Class plane k of a mask. */
  static String plane(Mask mask, int k) {
    return render(mask, (y, x) -> mask.get(k, y, x));
  }

  static String ignored(Mask mask) {
    return render(mask, mask::isIgnored);
  }

  private interface Pixel {
    boolean on(int y, int x);
  }

  private static String render(Mask mask, Pixel pixel) {
    StringBuilder sb = new StringBuilder();
    for (int y = 0; y < mask.height(); y++) {
      for (int x = 0; x < mask.width(); x++) {
        sb.append(pixel.on(y, x) ? '#' : '.');
      }
      if (y + 1 < mask.height()) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
