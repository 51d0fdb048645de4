package org.aoissl.synth;

import java.util.SplittableRandom;

/**
 * Smooth random texture: uniform values in [-1, 1] on a lattice of {@code cell}-pixel spacing,
 * interpolated with a smoothstep. Cheap enough to evaluate for every pixel of a 512² image.
 */
final class ValueNoise {
  private final float[] grid;
  private final int gw;
  private final int gh;
  private final double inv;

  ValueNoise(SplittableRandom r, int width, int height, double cell) {
    inv = 1 / cell;
    gw = (int) Math.ceil(width * inv) + 2;
    gh = (int) Math.ceil(height * inv) + 2;
    grid = new float[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (2 * r.nextDouble() - 1);
    }
  }

  /** Noise at image position (x, y); positions outside the image wrap nowhere, they clamp. */
  float at(double x, double y) {
    double fx = Canvas.clamp(x * inv, 0, gw - 1.001);
    double fy = Canvas.clamp(y * inv, 0, gh - 1.001);
    int i = (int) fx;
    int j = (int) fy;
    float sx = smooth((float) (fx - i));
    float sy = smooth((float) (fy - j));
    int k = j * gw + i;
    float a = grid[k] + (grid[k + 1] - grid[k]) * sx;
    float b = grid[k + gw] + (grid[k + gw + 1] - grid[k + gw]) * sx;
    return a + (b - a) * sy;
  }

  /** Adds {@code amp} times this noise at every pixel centre of a width×height plane. */
  void addTo(float[] out, int width, int height, float amp) {
    float[] sxs = new float[width];
    int[] ixs = new int[width];
    for (int x = 0; x < width; x++) {
      double fx = (x + 0.5) * inv;
      ixs[x] = (int) fx;
      sxs[x] = smooth((float) (fx - ixs[x]));
    }
    float[] rowA = new float[width];
    float[] rowB = new float[width];
    int lastJ = -1;
    for (int y = 0; y < height; y++) {
      double fy = (y + 0.5) * inv;
      int j = (int) fy;
      if (j != lastJ) {
        for (int x = 0; x < width; x++) {
          int k = j * gw + ixs[x];
          float s = sxs[x];
          rowA[x] = grid[k] + (grid[k + 1] - grid[k]) * s;
          rowB[x] = grid[k + gw] + (grid[k + gw + 1] - grid[k + gw]) * s;
        }
        lastJ = j;
      }
      float sy = smooth((float) (fy - j)) * amp;
      float a0 = amp;
      int o = y * width;
      for (int x = 0; x < width; x++) {
        out[o + x] += rowA[x] * a0 + (rowB[x] - rowA[x]) * sy;
      }
    }
  }

  private static float smooth(float t) {
    return t * t * (3 - 2 * t);
  }
}
