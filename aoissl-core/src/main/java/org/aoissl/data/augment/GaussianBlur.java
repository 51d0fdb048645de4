package org.aoissl.data.augment;

import java.util.random.RandomGenerator;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;

/**
 * Gaussian blur, σ uniform in {@code [sigmaMin, sigmaMax]} (in pixels) once per image; separable, with
 * a normalised kernel of radius ⌈3σ⌉ and reflect borders ({@code d c b | a b c d | c b a}, the edge
 * pixel not repeated), so a constant image stays constant. σ = 0 leaves the image as it is.
 */
public record GaussianBlur(double sigmaMin, double sigmaMax) implements Transform {
  public GaussianBlur {
    Checks.range("sigma", sigmaMin, sigmaMax, 0, 1000);
  }

  @Override
  public Augmented apply(AoiImage image, Mask mask, RandomGenerator rng) {
    Checks.sameSize(image, mask);
    double sigma = Checks.uniform(rng, sigmaMin, sigmaMax);
    return new Augmented(blur(image, sigma), mask);
  }

  /** Blurs with a fixed σ; no randomness. */
  public static AoiImage blur(AoiImage image, double sigma) {
    if (sigma <= 0) {
      return image;
    }
    double[] kernel = kernel(sigma);
    int r = kernel.length / 2;
    int h = image.height();
    int w = image.width();
    int plane = h * w;
    float[] in = image.data();
    float[] out = new float[in.length];
    float[] rowPass = new float[plane];
    for (int c = 0; c < image.channels(); c++) {
      int base = c * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int k = -r; k <= r; k++) {
            s += kernel[k + r] * in[base + y * w + reflect(x + k, w)];
          }
          rowPass[y * w + x] = (float) s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double s = 0;
          for (int k = -r; k <= r; k++) {
            s += kernel[k + r] * rowPass[reflect(y + k, h) * w + x];
          }
          out[base + y * w + x] = Checks.clamp01(s);
        }
      }
    }
    return image.withData(out);
  }

  /** Normalised 1-D Gaussian weights for offsets −r..r. */
  static double[] kernel(double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = Math.exp(-(i * (double) i) / (2 * sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /** Mirror index without repeating the edge; folds again when the kernel is wider than the image. */
  static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }
}
