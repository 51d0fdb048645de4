package org.aoissl.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class PhotometricTransformsTest {
  private static AoiImage values(float... v) {
    return new AoiImage(1, 1, v.length, 16, v.clone());
  }

  @Test
  void gammaRaisesToTheDrawnPower() {
    Mask mask = new Mask(1, 1, 4);
    Augmented out = new Gamma(2, 2).apply(values(0f, 0.5f, 0.8f, 1f), mask, new SplittableRandom(1));
    assertThat(out.image().data()).containsExactly(new float[] {0f, 0.25f, 0.64f, 1f}, within(1e-6f));
    assertThat(out.image().bitDepth()).isEqualTo(16);
    assertThat(out.mask()).isSameAs(mask);
  }

  @Test
  void gammaPerChannelDrawsIndependentExponentsInRange() {
    AoiImage half = new AoiImage(2, 1, 1, 8, new float[] {0.5f, 0.5f});
    SplittableRandom rng = new SplittableRandom(9);
    int differ = 0;
    for (int i = 0; i < 20; i++) {
      float[] o = new Gamma(0.5, 2, true).apply(half, rng).data();
      double g0 = Math.log(o[0]) / Math.log(0.5);
      double g1 = Math.log(o[1]) / Math.log(0.5);
      assertThat(g0).isBetween(0.5 - 1e-5, 2 + 1e-5);
      assertThat(g1).isBetween(0.5 - 1e-5, 2 + 1e-5);
      if (Math.abs(g0 - g1) > 1e-3) {
        differ++;
      }
      float[] shared = new Gamma(0.5, 2).apply(half, rng).data();
      assertThat(shared[0]).isEqualTo(shared[1]);
    }
    assertThat(differ).isEqualTo(20);
  }

  @Test
  void contrastScalesAboutTheChannelMeanThenBrightnessShifts() {
    // mean 0.5; 0.5 + 2·(v − 0.5) + 0.1 → 0.1 and 1.1, clamped to 1.
    AoiImage in = values(0.25f, 0.75f);
    float[] o = new ContrastBrightness(2, 2, 0.1, 0.1, false).apply(in, new SplittableRandom(1)).data();
    assertThat(o).containsExactly(new float[] {0.1f, 1f}, within(1e-6f));
  }

  @Test
  void contrastOneAndBrightnessZeroIsTheIdentity() {
    AoiImage in = values(0.1f, 0.3f, 0.95f);
    float[] o = new ContrastBrightness(1, 1, 0, 0, true).apply(in, new SplittableRandom(1)).data();
    assertThat(o).containsExactly(in.data(), within(1e-7f));
  }

  @Test
  void noiseHasTheDrawnSigmaAndStaysInRange() {
    float[] half = new float[20000];
    Arrays.fill(half, 0.5f);
    float[] o = new GaussianNoise(0.1, 0.1).apply(values(half), new SplittableRandom(4)).data();
    double mean = 0;
    for (float v : o) {
      mean += v;
    }
    mean /= o.length;
    double var = 0;
    for (float v : o) {
      var += (v - mean) * (v - mean);
    }
    assertThat(mean).isCloseTo(0.5, within(0.003));
    assertThat(Math.sqrt(var / o.length)).isCloseTo(0.1, within(0.003));

    float[] black = new GaussianNoise(0.2, 0.3).apply(values(new float[1000]), new SplittableRandom(4)).data();
    long zeros = 0;
    for (float v : black) {
      assertThat(v).isBetween(0f, 1f);
      zeros += v == 0f ? 1 : 0;
    }
    assertThat(zeros).isBetween(400L, 600L);
  }

  @Test
  void noiseWithSigmaZeroIsTheIdentity() {
    AoiImage in = values(0.2f, 0.7f);
    assertThat(new GaussianNoise(0, 0).apply(in, new SplittableRandom(2)).data())
        .containsExactly(in.data());
  }

  @Test
  void reflectMirrorsWithoutRepeatingTheEdge() {
    // n = 3, [a b c]: ... b c | a b c | b a ...
    int[] expected = {0, 1, 2, 1, 0, 1, 2, 1, 0};
    for (int i = -4; i <= 4; i++) {
      assertThat(GaussianBlur.reflect(i, 3)).as("index %d", i).isEqualTo(expected[i + 4]);
    }
    assertThat(GaussianBlur.reflect(-7, 1)).isZero();
  }

  @Test
  void blurMatchesHandComputedKernelAtTheBorder() {
    // σ = 1/3: radius 1, weights (e, 1, e)/(1 + 2e) with e = exp(−4.5). Row [0, 0, 1]:
    // x=2 sees [0, 1, reflect→0] = w0; x=1 sees [0, 0, 1] = w1; x=0 sees [reflect→0, 0, 0] = 0.
    double e = Math.exp(-4.5);
    double w0 = 1 / (1 + 2 * e);
    double w1 = e / (1 + 2 * e);
    float[] o = GaussianBlur.blur(values(0f, 0f, 1f), 1.0 / 3).data();
    assertThat(o).containsExactly(new float[] {0f, (float) w1, (float) w0}, within(1e-7f));
  }

  @Test
  void blurKeepsAConstantImageAndTheSumOfAnImpulse() {
    float[] c = new float[2 * 9 * 11];
    Arrays.fill(c, 0.4f);
    AoiImage constant = new AoiImage(2, 9, 11, 8, c);
    float[] blurred = new GaussianBlur(0.5, 3).apply(constant, new SplittableRandom(8)).data();
    for (float v : blurred) {
      assertThat(v).isCloseTo(0.4f, within(1e-6f));
    }

    AoiImage impulse = AoiImage.zeros(1, 21, 21, 8);
    impulse.set(0, 10, 10, 1f);
    float[] o = GaussianBlur.blur(impulse, 1.5).data();
    double sum = 0;
    for (float v : o) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-5));
    double k0 = GaussianBlur.kernel(1.5)[GaussianBlur.kernel(1.5).length / 2];
    assertThat(o[10 * 21 + 10]).isCloseTo((float) (k0 * k0), within(1e-6f));
    // Symmetric up to the rounding of the intermediate row pass.
    assertThat(o[10 * 21 + 12]).isCloseTo(o[12 * 21 + 10], within(1e-8f));
    assertThat(o[10 * 21 + 12]).isCloseTo(o[8 * 21 + 10], within(1e-8f));
    assertThat(o[10 * 21 + 12]).isLessThan(o[10 * 21 + 11]);
  }

  @Test
  void photometricTransformsKeepValuesInRangeAndLeaveInputAlone() throws Throwable {
    long seed = ReplayableSeed.draw("PhotometricTransformsTest.keepValuesInRange");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rng = new SplittableRandom(seed);
      float[] data = new float[3 * 16 * 16];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) rng.nextDouble();
      }
      AoiImage in = new AoiImage(3, 16, 16, 16, data);
      float[] before = data.clone();
      Transform[] all = {
        new Gamma(0.3, 3, true),
        new ContrastBrightness(0, 3, -0.5, 0.5, true),
        new GaussianNoise(0, 0.5),
        new GaussianBlur(0, 4)
      };
      for (Transform t : all) {
        AoiImage out = t.apply(in, rng);
        assertThat(out.bitDepth()).isEqualTo(16);
        for (float v : out.data()) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
      assertThat(in.data()).containsExactly(before);
    });
  }
}
