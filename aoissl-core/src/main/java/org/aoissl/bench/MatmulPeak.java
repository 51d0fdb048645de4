package org.aoissl.bench;

/**
 * The fastest square fp32 matmul seen: {@code n×n · n×n} in {@code seconds}.
 *
 * @param n matrix side
 * @param seconds best time of one matmul
 */
public record MatmulPeak(int n, double seconds) {
  public MatmulPeak {
    if (n < 1 || !(seconds > 0)) {
      throw new IllegalArgumentException("need n >= 1 and seconds > 0; got " + n + ", " + seconds);
    }
  }

  /** FLOPs of one square matmul of side {@code n}: {@code 2·n³} (one multiply and one add each). */
  public static double flops(long n) {
    return 2.0 * n * n * n;
  }

  public double flopsPerSecond() {
    return flops(n) / seconds;
  }

  public double gflops() {
    return flopsPerSecond() / 1e9;
  }
}
