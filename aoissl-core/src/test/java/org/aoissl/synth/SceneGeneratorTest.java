package org.aoissl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
  private static final int SIZE = 256;
  private final SceneGenerator gen = new SceneGenerator();

  @Test
  void sameSeedsGiveIdenticalPixelsAndMasks() {
    DeviceSpec spec = DeviceSpec.sample("dev", 11, SIZE);
    SynthSample a = gen.render(spec, 5, Shift.NONE, 8);
    SynthSample b = gen.render(DeviceSpec.sample("dev", 11, SIZE), 5, Shift.NONE, 8);
    assertThat(b.image().data()).isEqualTo(a.image().data());
    assertThat(b.mask()).isEqualTo(a.mask());
    assertThat(a.id()).isEqualTo("dev-5");
    assertThat(a.device()).isEqualTo("dev");
  }

  @Test
  void parallelRendersEqualSequentialOnes() throws Exception {
    DeviceSpec spec = DeviceSpec.sample("dev", 12, SIZE);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SynthSample>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        long seed = i;
        futures.add(pool.submit(() -> gen.render(spec, seed, Shift.NONE, 8)));
      }
      for (int i = 0; i < 6; i++) {
        SynthSample seq = gen.render(spec, i, Shift.NONE, 8);
        assertThat(futures.get(i).get().image().data()).isEqualTo(seq.image().data());
        assertThat(futures.get(i).get().mask()).isEqualTo(seq.mask());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void partsOfOneDeviceDifferLittleAndDevicesDifferALot() {
    DeviceSpec a = DeviceSpec.sample("a", 21, SIZE);
    DeviceSpec b = DeviceSpec.sample("b", 22, SIZE);
    SynthSample a1 = gen.render(a, 1, Shift.NONE, 8);
    SynthSample a2 = gen.render(a, 2, Shift.NONE, 8);
    SynthSample b1 = gen.render(b, 1, Shift.NONE, 8);
    // Not identical: placement, wires, epoxy, noise all vary between parts.
    assertThat(a2.image().data()).isNotEqualTo(a1.image().data());
    assertThat(a2.mask()).isNotEqualTo(a1.mask());
    // Layout compared on 16x16-pixel block means of buffer 0, which noise and jitter barely move.
    double within = blockDistance(a1.image(), a2.image());
    double between = blockDistance(a1.image(), b1.image());
    System.out.printf("block distance within device %.4f, between devices %.4f%n", within, between);
    assertThat(within).isLessThan(0.5 * between);
    // Same device: same wiring, give or take a missing wire.
    for (int k = 0; k < 4; k++) {
      long ca = a1.mask().count(k);
      long cb = a2.mask().count(k);
      assertThat((double) Math.abs(ca - cb)).as("class %d count %d vs %d", k, ca, cb)
          .isLessThanOrEqualTo(0.35 * Math.max(ca, cb));
    }
  }

  @Test
  void everyClassIsPresentAndWiresCrossEpoxy() {
    int crossing = 0;
    for (int d = 0; d < 8; d++) {
      DeviceSpec spec = DeviceSpec.sample("d" + d, 100 + d, SIZE);
      Mask m = gen.render(spec, 3, Shift.NONE, 8).mask();
      for (int k = 0; k < 4; k++) {
        assertThat(m.count(k)).as("device seed %d class %d", 100 + d, k).isGreaterThan(0);
      }
      long both = 0;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int bits = m.classBits(y, x);
          if ((bits & 1) != 0 && (bits & 8) != 0) {
            both++;
          }
          // A bond hides the wire under it.
          assertThat(bits & 3).isNotEqualTo(3);
          assertThat(bits & 5).isNotEqualTo(5);
        }
      }
      if (both > 0) {
        crossing++;
      }
    }
    assertThat(crossing).isGreaterThanOrEqualTo(4);
  }

  @Test
  void classFractionsAreRealistic() {
    double[] sum = new double[4];
    int n = 8;
    for (int d = 0; d < n; d++) {
      Mask m = gen.render(DeviceSpec.sample("d" + d, 200 + d, SIZE), 0, Shift.NONE, 8).mask();
      for (int k = 0; k < 4; k++) {
        sum[k] += (double) m.count(k) / (SIZE * SIZE) / n;
      }
    }
    System.out.printf("mean fractions wire %.4f ball %.4f wedge %.4f epoxy %.4f%n",
        sum[0], sum[1], sum[2], sum[3]);
    assertThat(sum[0]).isBetween(0.01, 0.06);
    assertThat(sum[1]).isBetween(0.001, 0.01);
    assertThat(sum[2]).isBetween(0.002, 0.02);
    assertThat(sum[3]).isBetween(0.015, 0.1);
  }

  @Test
  void ignoreBandIsExactlyTheBorder() {
    Mask m = gen.render(DeviceSpec.sample("dev", 31, SIZE), 0, Shift.NONE, 8).mask();
    int b = SceneGenerator.borderWidth(SIZE);
    assertThat(b).isEqualTo(2);
    assertThat(SceneGenerator.borderWidth(512)).isEqualTo(4);
    assertThat(m.ignoredCount()).isEqualTo((long) SIZE * SIZE - (long) (SIZE - 2 * b) * (SIZE - 2 * b));
    assertThat(m.isIgnored(0, 100)).isTrue();
    assertThat(m.isIgnored(100, SIZE - 1)).isTrue();
    assertThat(m.isIgnored(b, b)).isFalse();
    assertThat(m.isIgnored(b - 1, 100)).isTrue();
  }

  @Test
  void pixelsAreQuantisedToTheBitDepth() {
    DeviceSpec spec = DeviceSpec.sample("dev", 41, SIZE);
    for (int bits : new int[] {8, 16}) {
      AoiImage img = gen.render(spec, 0, Shift.NONE, bits).image();
      assertThat(img.channels()).isEqualTo(2);
      assertThat(img.bitDepth()).isEqualTo(bits);
      int max = bits == 8 ? 255 : 65535;
      java.util.Set<Integer> levels = new java.util.HashSet<>();
      for (float v : img.data()) {
        assertThat(v).isBetween(0f, 1f);
        int q = Math.round(v * max);
        assertThat(v).isEqualTo(q / (float) max);
        levels.add(q);
      }
      // 16-bit output really uses the finer levels.
      assertThat(levels.size()).isGreaterThan(bits == 8 ? 100 : 2000);
    }
  }

  @Test
  void shiftsChangeTheImageButNotTheMask() {
    DeviceSpec spec = DeviceSpec.sample("dev", 51, SIZE);
    SynthSample base = gen.render(spec, 7, Shift.NONE, 16);
    SynthSample bright = gen.render(spec, 7, Shift.brightness(1.3), 16);
    SynthSample flat = gen.render(spec, 7, Shift.contrast(0.5), 16);
    SynthSample blurred = gen.render(spec, 7, Shift.defocus(2.0), 16);
    assertThat(bright.mask()).isEqualTo(base.mask());
    assertThat(blurred.mask()).isEqualTo(base.mask());
    assertThat(mean(bright.image(), 0)).isGreaterThan(1.2 * mean(base.image(), 0));
    assertThat(std(flat.image(), 0)).isLessThan(0.6 * std(base.image(), 0));
    assertThat(roughness(blurred.image())).isLessThan(0.5 * roughness(base.image()));
  }

  @Test
  void rejectsBadArguments() {
    DeviceSpec spec = DeviceSpec.sample("dev", 1, 128);
    assertThatThrownBy(() -> gen.render(spec, 0, Shift.NONE, 12))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits must be 8 or 16");
    assertThatThrownBy(() -> gen.render(spec, 0, null, 8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Shift.NONE");
    assertThatThrownBy(() -> new Shift(0, 1, 0)).hasMessageContaining("brightness");
    assertThatThrownBy(() -> new Shift(1, 1, -1)).hasMessageContaining("blurSigma");
  }

  @Test
  void rendersAtOtherSizes() {
    for (int size : new int[] {64, 128, 1024}) {
      SynthSample s = gen.render(DeviceSpec.sample("dev", 61, size), 0);
      assertThat(s.image().width()).isEqualTo(size);
      assertThat(s.mask().height()).isEqualTo(size);
      if (size >= 128) {
        for (int k = 0; k < 4; k++) {
          assertThat(s.mask().count(k)).as("size %d class %d", size, k).isGreaterThan(0);
        }
      }
    }
  }

  /** Mean absolute difference of 16x16 block means of buffer 0. */
  private static double blockDistance(AoiImage a, AoiImage b) {
    int n = a.width() / 16;
    double d = 0;
    for (int by = 0; by < n; by++) {
      for (int bx = 0; bx < n; bx++) {
        double sa = 0;
        double sb = 0;
        for (int y = by * 16; y < by * 16 + 16; y++) {
          for (int x = bx * 16; x < bx * 16 + 16; x++) {
            sa += a.get(0, y, x);
            sb += b.get(0, y, x);
          }
        }
        d += Math.abs(sa - sb) / 256;
      }
    }
    return d / (n * n);
  }

  private static double mean(AoiImage img, int c) {
    double s = 0;
    for (float v : img.channel(c)) {
      s += v;
    }
    return s / (img.width() * img.height());
  }

  private static double std(AoiImage img, int c) {
    double m = mean(img, c);
    double s = 0;
    for (float v : img.channel(c)) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (img.width() * img.height()));
  }

  /** Mean absolute horizontal pixel difference of buffer 1 (edges and noise). */
  private static double roughness(AoiImage img) {
    double s = 0;
    for (int y = 0; y < img.height(); y++) {
      for (int x = 1; x < img.width(); x++) {
        s += Math.abs(img.get(1, y, x) - img.get(1, y, x - 1));
      }
    }
    return s / (img.height() * (img.width() - 1));
  }
}
