package org.aoissl.synth;

/** Separable Gaussian blur of one H×W plane, edges clamped. */
final class Blur {
  private Blur() {}

  static void gaussian(float[] plane, int w, int h, double sigma) {
    if (sigma < 0.15) {
      return;
    }
    int rad = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * rad + 1];
    double sum = 0;
    for (int i = -rad; i <= rad; i++) {
      k[i + rad] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + rad];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    // Tap-outer loops walk memory in order and let the JIT vectorise the inner loop.
    float[] line = new float[w + 2 * rad];
    float[] acc = new float[w];
    for (int y = 0; y < h; y++) {
      int o = y * w;
      System.arraycopy(plane, o, line, rad, w);
      for (int i = 0; i < rad; i++) {
        line[i] = plane[o];
        line[rad + w + i] = plane[o + w - 1];
      }
      java.util.Arrays.fill(acc, 0);
      for (int j = 0; j < k.length; j++) {
        float kj = k[j];
        for (int x = 0; x < w; x++) {
          acc[x] += kj * line[x + j];
        }
      }
      System.arraycopy(acc, 0, plane, o, w);
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int o = y * w;
      for (int j = 0; j < k.length; j++) {
        int src = Math.max(0, Math.min(h - 1, y + j - rad)) * w;
        float kj = k[j];
        for (int x = 0; x < w; x++) {
          out[o + x] += kj * plane[src + x];
        }
      }
    }
    System.arraycopy(out, 0, plane, 0, out.length);
  }
}
