package org.aoissl.model;

import java.util.SplittableRandom;

/**
 * Initial parameter values from a Java RNG, never the engine's global one, so the same seed gives the
 * same weights on any engine and thread count. Each parameter draws from its own stream derived from
 * (seed, name), so adding or reordering parameters does not change the others' values.
 */
public final class SeededInit {
  private SeededInit() {}

  /** The RNG stream of one named parameter. */
  public static SplittableRandom stream(long seed, String name) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
  }

  /**
   * Xavier/Glorot uniform for a weight seen as a {@code [fanOut, fanIn]} matrix: U(-b, b) with
   * {@code b = sqrt(6 / (fanIn + fanOut))}, as {@code torch.nn.init.xavier_uniform_}.
   */
  public static float[] xavierUniform(SplittableRandom rng, int fanOut, int fanIn) {
    double bound = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] v = new float[Math.multiplyExact(fanOut, fanIn)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    return v;
  }

  /** N(0, std²) by Box-Muller on the stream's doubles (stable across JDK versions). */
  public static float[] normal(SplittableRandom rng, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log is finite
      double u2 = rng.nextDouble();
      double r = std * Math.sqrt(-2 * Math.log(u1));
      v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
      if (i + 1 < n) {
        v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
      }
    }
    return v;
  }

  /**
   * N(0, std²) redrawn outside {@code [lo, hi]} (absolute bounds), as timm's {@code trunc_normal_}
   * with its default bounds ±2: for the small std of head layers (0.02) nothing is ever redrawn.
   */
  public static float[] truncNormal(SplittableRandom rng, int n, double std, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double x;
      do {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        x = std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      } while (x < lo || x > hi);
      v[i] = (float) x;
    }
    return v;
  }

  /** U(-bound, bound). */
  public static float[] uniform(SplittableRandom rng, int n, double bound) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    return v;
  }

  public static float[] constant(int n, float value) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, value);
    return v;
  }
}
