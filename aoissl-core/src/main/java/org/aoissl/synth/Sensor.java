package org.aoissl.synth;

import java.util.SplittableRandom;
import org.aoissl.data.AoiImage;

/**
 * Turns the painted scene radiance into camera values: illumination falloff (vignetting plus a slight
 * tilt), per-buffer gain and offset with part-to-part drift, the shift's brightness and contrast,
 * defocus blur, read plus shot noise, and quantisation to the bit depth.
 */
final class Sensor {
  /** Quantisation levels q / 255 and q / 65535, as a decoder computes them. */
  private static final float[] LEVELS8 = levels(255);
  private static final float[] LEVELS16 = levels(65535);
  /** Shot-noise factor sqrt(1 + 4v) for v in [0, 2] in 1/512 steps: full scale has 5× read variance. */
  private static final float[] SHOT = new float[1025];

  static {
    for (int i = 0; i < SHOT.length; i++) {
      SHOT[i] = (float) Math.sqrt(1 + 4 * i / 512.0);
    }
  }

  private Sensor() {}

  /** Exposes the first {@code channels} buffers (1: bright-field only, 2: both). */
  static AoiImage expose(Canvas cv, DeviceSpec d, Shift shift, int bits, int channels,
                         SplittableRandom r) {
    DeviceSpec.Lighting l = d.lighting();
    Appearance look = d.appearance();
    int w = cv.w;
    int h = cv.h;
    int n = w * h;
    float[] data = new float[channels * n];
    float[] gauss = new float[n];
    double vx = w / 2.0 + 0.05 * w * r.nextGaussian();
    double vy = h / 2.0 + 0.05 * h * r.nextGaussian();
    double tiltX = 0.03 * r.nextGaussian() / w;
    double tiltY = 0.03 * r.nextGaussian() / h;
    // Illumination is a sum of a column and a row term; the falloff reaches full vignette strength
    // at the image corners.
    double norm = 4.0 / (w * (double) w + h * (double) h);
    float[] colTerm = new float[w];
    float[] rowTerm = new float[h];
    for (int x = 0; x < w; x++) {
      double rx = x + 0.5 - vx;
      colTerm[x] = (float) (1 - l.vignette() * rx * rx * norm + tiltX * rx);
    }
    for (int y = 0; y < h; y++) {
      double ry = y + 0.5 - vy;
      rowTerm[y] = (float) (-l.vignette() * ry * ry * norm + tiltY * ry);
    }
    double blur = Math.hypot(l.blurSigma() * Math.exp(0.1 * r.nextGaussian()), shift.blurSigma());
    double contrast = shift.contrast() * look.contrast();
    for (int c = 0; c < channels; c++) {
      float gain = (float) ((c == 0 ? l.gain0() : l.gain1()) * Math.exp(0.03 * r.nextGaussian())
          * shift.brightness());
      float off = (float) ((c == 0 ? l.offset0() : l.offset1()) + 0.004 * r.nextGaussian());
      float[] plane = c == 0 ? cv.c0 : cv.c1;
      float mean = illuminate(plane, w, h, colTerm, rowTerm, gain, off);
      if (look.gamma() != 1) {
        mean = gamma(plane, (float) look.gamma());
      }
      if (contrast != 1) {
        contrast(plane, mean, (float) contrast);
      }
      Blur.gaussian(plane, w, h, blur);
      GaussTable.fill(gauss, 0, n, r);
      noiseAndQuantise(plane, gauss, (float) l.noise(), bits == 8 ? LEVELS8 : LEVELS16, data, c * n);
    }
    return new AoiImage(channels, h, w, bits, data);
  }

  /** Applies the tone curve v^g (negative values stay 0) in place; returns the plane's new mean. */
  private static float gamma(float[] plane, float g) {
    double sum = 0;
    for (int i = 0; i < plane.length; i++) {
      float v = plane[i];
      v = v > 0 ? (float) Math.pow(v, g) : 0;
      plane[i] = v;
      sum += v;
    }
    return (float) (sum / plane.length);
  }

  /** Applies illumination, gain and offset in place; returns the plane's mean. */
  private static float illuminate(float[] plane, int w, int h, float[] colTerm, float[] rowTerm,
                                  float gain, float off) {
    double sum = 0;
    for (int y = 0; y < h; y++) {
      float ry = rowTerm[y];
      int o = y * w;
      float rowSum = 0;
      for (int x = 0; x < w; x++) {
        float v = off + gain * plane[o + x] * (colTerm[x] + ry);
        plane[o + x] = v;
        rowSum += v;
      }
      sum += rowSum;
    }
    return (float) (sum / plane.length);
  }

  private static void contrast(float[] plane, float mean, float k) {
    for (int i = 0; i < plane.length; i++) {
      plane[i] = mean + (plane[i] - mean) * k;
    }
  }

  private static void noiseAndQuantise(float[] plane, float[] gauss, float read, float[] levels,
                                       float[] out, int off) {
    int maxV = levels.length - 1;
    for (int i = 0; i < plane.length; i++) {
      float v = plane[i];
      // Integer clamps: Math.min/max on floats are several times slower here.
      int s = Math.min(SHOT.length - 1, Math.max(0, (int) (v * 512)));
      v += read * SHOT[s] * gauss[i];
      int q = Math.min(maxV, Math.max(0, (int) (v * maxV + 0.5f)));
      out[off + i] = levels[q];
    }
  }

  private static float[] levels(int max) {
    float[] t = new float[max + 1];
    for (int q = 0; q <= max; q++) {
      t[q] = q / (float) max;
    }
    return t;
  }
}
