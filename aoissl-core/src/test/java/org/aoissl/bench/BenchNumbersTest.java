package org.aoissl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchNumbersTest {
  @Test
  void squareMatmulCountsTwoFlopsPerMultiplyAdd() {
    assertThat(MatmulPeak.flops(1)).isEqualTo(2.0);
    assertThat(MatmulPeak.flops(3)).isEqualTo(54.0);
    assertThat(MatmulPeak.flops(1024)).isEqualTo(2_147_483_648.0);
    assertThat(MatmulPeak.flops(2048)).isEqualTo(17_179_869_184.0);
    // 2·1000³ FLOPs in 10 ms: 200 GFLOP/s.
    MatmulPeak peak = new MatmulPeak(1000, 0.01);
    assertThat(peak.flopsPerSecond()).isCloseTo(2e11, within(1.0));
    assertThat(peak.gflops()).isCloseTo(200.0, within(1e-9));
  }

  @Test
  void rateModelFlopsAndMfuFollowFromTheMeasuredTimes() {
    StepTimes times = new StepTimes(0.1, 0.2, 0.15, 0.05);
    MemoryGrowth memory =
        new MemoryGrowth(100, 1_000_000, 1_000_512, 110, 110, List.of(1_000_000L), 10, 400_000);
    // 100 steps of 8 images in 50 s: 16 img/s; median step 0.4 s: 20 img/s.
    TrainRate r = new TrainRate(224, 8, 50, 197, true, 8_300_000_000L, 100, 50.0, 0.4, times, memory);
    MatmulPeak peak = new MatmulPeak(1000, 0.01); // 2e11 FLOP/s
    assertThat(r.imagesPerSecond()).isCloseTo(16.0, within(1e-12));
    assertThat(r.medianImagesPerSecond()).isCloseTo(20.0, within(1e-12));
    assertThat(r.modelFlopsPerSecond()).isCloseTo(1.328e11, within(1.0));
    assertThat(r.mfu(peak)).isCloseTo(0.664, within(1e-12));
    assertThat(r.medianMfu(peak)).isCloseTo(0.83, within(1e-12));
  }

  @Test
  void stepTimesAndMemoryGrowthDeriveTheirTotals() {
    StepTimes t = new StepTimes(0.1, 0.2, 0.15, 0.05);
    assertThat(t.total()).isCloseTo(0.5, within(1e-12));
    assertThat(t.share(t.backward())).isCloseTo(0.4, within(1e-12));
    MemoryGrowth m =
        new MemoryGrowth(1000, 1_200_000, 1_150_000, 110, 112, List.of(1_200_000L), 100, 1);
    assertThat(m.rssGrowthKb()).isEqualTo(-50_000);
    assertThat(m.modelArrayGrowth()).isEqualTo(2);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(TrainBench.median(new double[] {5, 1, 3})).isEqualTo(3.0);
    assertThat(TrainBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void rssIsReadFromTheVmRssLine() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100 kB\n";
    assertThat(ProcStatus.parseRssKb(status)).isEqualTo(123456);
    assertThat(ProcStatus.parseRssKb("Name:\tjava\n")).isEqualTo(-1);
  }
}
