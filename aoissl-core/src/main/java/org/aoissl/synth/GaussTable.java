package org.aoissl.synth;

import java.util.SplittableRandom;

/**
 * Fast standard-normal samples for sensor noise: 65,536 equiprobable quantiles, four picked per
 * random long. The tails stop near ±4.3σ, which pixel noise never needs.
 */
final class GaussTable {
  private static final float[] Q = new float[1 << 16];

  static {
    for (int k = 0; k < Q.length; k++) {
      Q[k] = (float) inverseNormal((k + 0.5) / Q.length);
    }
  }

  private GaussTable() {}

  /** Fills out[from, to) with independent standard-normal samples. */
  static void fill(float[] out, int from, int to, SplittableRandom r) {
    int i = from;
    while (i < to) {
      long bits = r.nextLong();
      for (int j = 0; j < 4 && i < to; j++, i++) {
        out[i] = Q[(int) (bits & 0xFFFF)];
        bits >>>= 16;
      }
    }
  }

  /** Acklam's rational approximation of the normal quantile (relative error below 1.2e-9). */
  static double inverseNormal(double p) {
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double lo = 0.02425;
    if (p < lo || p > 1 - lo) {
      double q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
      double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
      return p < lo ? x : -x;
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
