package org.aoissl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.Test;

class ChannelStatsTest {
  @Test
  void meanStdMinMaxAndHistogramOfATinyImage() {
    // 0, 0.25, 0.5, 1: mean 0.4375; deviations −0.4375, −0.1875, 0.0625, 0.5625;
    // variance (0.19140625 + 0.03515625 + 0.00390625 + 0.31640625) / 4 = 0.13671875.
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(1);
    acc.add(new AoiImage(1, 2, 2, 8, new float[] {0f, 0.25f, 0.5f, 1f}));
    ChannelStats s = acc.result();
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.mean()).containsExactly(0.4375);
    assertThat(s.std()[0]).isCloseTo(Math.sqrt(0.13671875), within(1e-15));
    assertThat(s.min()).containsExactly(0.0);
    assertThat(s.max()).containsExactly(1.0);
    long[] hist = s.histogram()[0];
    assertThat(hist[0]).isEqualTo(1);
    assertThat(hist[64]).isEqualTo(1);
    assertThat(hist[128]).isEqualTo(1);
    assertThat(hist[255]).isEqualTo(1);
    assertThat(java.util.Arrays.stream(hist).sum()).isEqualTo(4);
  }

  @Test
  void statisticsSpanImagesAndChannels() {
    // Channel 0 over both images: 0, 0.5, 1, 1 → mean 0.625, variance
    // (0.390625 + 0.015625 + 0.140625 + 0.140625) / 4 = 0.171875.
    // Channel 1: 0.2, 0.2, 0.6, 0.6 → mean 0.4, std 0.2.
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(2);
    acc.add(new AoiImage(2, 1, 2, 8, new float[] {0f, 0.5f, 0.2f, 0.2f}));
    acc.add(new AoiImage(2, 1, 2, 16, new float[] {1f, 1f, 0.6f, 0.6f}));
    ChannelStats s = acc.result();
    assertThat(s.channels()).isEqualTo(2);
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.mean()[0]).isCloseTo(0.625, within(1e-15));
    assertThat(s.std()[0]).isCloseTo(Math.sqrt(0.171875), within(1e-15));
    assertThat(s.mean()[1]).isCloseTo(0.4, within(1e-7));
    assertThat(s.std()[1]).isCloseTo(0.2, within(1e-7));
    assertThat(s.min()).containsExactly(0.0, (double) 0.2f);
    assertThat(s.max()).containsExactly(1.0, (double) 0.6f);
    assertThat(s.histogram()[1][ChannelStats.bin(0.2f)]).isEqualTo(2);
    assertThat(s.histogram()[1][ChannelStats.bin(0.6f)]).isEqualTo(2);
  }

  @Test
  void constantImagesHaveExactMeanAndZeroStd() {
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(1);
    float[] v = new float[1000];
    java.util.Arrays.fill(v, 0.7f);
    for (int i = 0; i < 5; i++) {
      acc.add(new AoiImage(1, 10, 100, 8, v));
    }
    ChannelStats s = acc.result();
    assertThat(s.mean()).containsExactly((double) 0.7f);
    assertThat(s.std()[0]).isCloseTo(0, within(1e-12));
  }

  @Test
  void binsSplitTheUnitIntervalIn256() {
    assertThat(ChannelStats.bin(0f)).isZero();
    assertThat(ChannelStats.bin(1f / 256 - 1e-7f)).isZero();
    assertThat(ChannelStats.bin(1f / 256)).isEqualTo(1);
    assertThat(ChannelStats.bin(0.5f)).isEqualTo(128);
    assertThat(ChannelStats.bin(1f)).isEqualTo(255);
    assertThat(ChannelStats.bin(-0.1f)).isZero();
    assertThat(ChannelStats.bin(1.5f)).isEqualTo(255);
  }

  @Test
  void combinedAccumulatorsMatchOneAccumulatorAndATwoPassReference() throws Throwable {
    long seed = ReplayableSeed.draw("ChannelStatsTest.combinedAccumulatorsMatch");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      ChannelStatsAccumulator all = new ChannelStatsAccumulator(3);
      ChannelStatsAccumulator left = new ChannelStatsAccumulator(3);
      ChannelStatsAccumulator right = new ChannelStatsAccumulator(3);
      double[][] values = new double[3][];
      int total = 0;
      java.util.List<AoiImage> images = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int h = 1 + rnd.nextInt(20);
        int w = 1 + rnd.nextInt(20);
        float[] d = new float[3 * h * w];
        for (int j = 0; j < d.length; j++) {
          // Channels with different offsets and spreads, to catch mixed-up indices.
          int c = j / (h * w);
          d[j] = (float) Math.min(1, 0.1 + 0.3 * c + (0.05 + 0.1 * c) * rnd.nextDouble());
        }
        AoiImage img = new AoiImage(3, h, w, 8, d);
        images.add(img);
        all.add(img);
        (i % 3 == 0 ? left : right).add(img);
        total += h * w;
      }
      for (int c = 0; c < 3; c++) {
        values[c] = new double[total];
        int k = 0;
        for (AoiImage img : images) {
          for (float v : img.channel(c)) {
            values[c][k++] = v;
          }
        }
      }
      left.combine(right);
      ChannelStats a = all.result();
      ChannelStats b = left.result();
      assertThat(b.count()).isEqualTo(a.count()).isEqualTo(total);
      assertThat(b.min()).containsExactly(a.min());
      assertThat(b.max()).containsExactly(a.max());
      assertThat(b.histogram()).isDeepEqualTo(a.histogram());
      for (int c = 0; c < 3; c++) {
        double mean = java.util.Arrays.stream(values[c]).sum() / total;
        double var = 0;
        for (double v : values[c]) {
          var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / total);
        assertThat(a.mean()[c]).isCloseTo(mean, within(1e-12));
        assertThat(b.mean()[c]).isCloseTo(mean, within(1e-12));
        assertThat(a.std()[c]).isCloseTo(std, within(1e-12));
        assertThat(b.std()[c]).isCloseTo(std, within(1e-12));
      }
    });
  }

  @Test
  void rejectsMisuse() {
    assertThatThrownBy(() -> new ChannelStatsAccumulator(2).result())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ChannelStatsAccumulator(2).add(AoiImage.zeros(1, 2, 2, 8)))
        .hasMessageContaining("1 channels");
    assertThatThrownBy(() -> new ChannelStatsAccumulator(2).combine(new ChannelStatsAccumulator(3)))
        .isInstanceOf(IllegalArgumentException.class);
    ChannelStats ok = statsOf(0.5f);
    long[][] badHist = ok.histogram();
    badHist[0][0]++;
    assertThatThrownBy(
            () -> new ChannelStats(1, 1, ok.mean(), ok.std(), ok.min(), ok.max(), badHist))
        .hasMessageContaining("histogram holds 2 pixels");
  }

  @Test
  void valuesAreCopiedInAndOut() {
    ChannelStats s = statsOf(0.5f);
    s.mean()[0] = 9;
    s.histogram()[0][0] = 9;
    assertThat(s.mean()).containsExactly(0.5);
    assertThat(s.histogram()[0][0]).isZero();
    assertThat(s).isEqualTo(statsOf(0.5f)).isNotEqualTo(statsOf(0.25f));
  }

  private static ChannelStats statsOf(float v) {
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(1);
    acc.add(new AoiImage(1, 1, 1, 8, new float[] {v}));
    return acc.result();
  }
}
