package org.aoissl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.pretrain.mae.MaeConfig;
import org.aoissl.model.VitConfig;
import org.junit.jupiter.api.Test;

class TrainBenchTest {
  @Test
  void aTinyMicroRunCompletesWithFinitePositiveNumbers() {
    List<String> phases = new ArrayList<>();
    int[] steps = {0};
    TrainBench.Listener listener = new TrainBench.Listener() {
      @Override
      public void start(String task, long total) {
        phases.add(task + "/" + total);
      }

      @Override
      public void step() {
        steps[0]++;
      }
    };
    TrainBench.Options o = new TrainBench.Options(
        "micro", new int[] {32}, 2, new int[] {2}, 1, 3, new int[] {64}, false, 7);
    TrainBenchResult r = new TrainBench(listener).run(o);

    assertThat(r.model()).isEqualTo("micro");
    assertThat(r.intraOpThreads()).isPositive();
    assertThat(r.peak().n()).isEqualTo(64);
    assertThat(r.peak().gflops()).isPositive().isFinite();
    assertThat(r.matmulMedianGflops()).isPositive().isLessThanOrEqualTo(r.peak().gflops());
    assertThat(r.rates()).hasSize(1);
    TrainRate t = r.rates().get(0);
    MaeConfig cfg = MaeConfig.defaults(VitConfig.preset("micro", 32, 2));
    assertThat(t.flopsPerImage()).isEqualTo(cfg.flopsPerImage());
    assertThat(t.encoderTokens()).isEqualTo(1 + 4); // 16 patches, 75 % masked
    assertThat(t.decoderTokens()).isEqualTo(17);
    assertThat(t.steps()).isEqualTo(3);
    assertThat(t.imagesPerSecond()).isPositive().isFinite();
    assertThat(t.modelFlopsPerSecond()).isPositive().isFinite();
    assertThat(t.mfu(r.peak())).isPositive().isFinite();
    assertThat(t.times().forward()).isPositive();
    assertThat(t.times().backward()).isPositive();
    assertThat(t.times().optimizer()).isPositive();
    assertThat(t.times().total()).isLessThanOrEqualTo(t.seconds() / t.steps() * 1.01);
    assertThat(t.memory().rssAfterWarmupKb()).isPositive();
    assertThat(t.memory().rssAfterStepsKb()).isPositive();
    // Every step's arrays are closed: nothing accumulates on the model's manager.
    assertThat(t.memory().modelArrayGrowth()).isZero();
    // Sampled after warm-up and after every step (3 steps: every 1).
    assertThat(t.memory().traceEvery()).isEqualTo(1);
    assertThat(t.memory().rssTraceKb()).hasSize(4).allMatch(kb -> kb > 0);
    assertThat(t.memory().rssTraceKb().get(0)).isEqualTo(t.memory().rssAfterWarmupKb());
    assertThat(t.memory().heapCommittedKb()).isPositive();
    assertThat(phases).containsExactly(
        "matmul/7", "warm-up 32px/1", "train 32px/3", "matmul/6");
    assertThat(steps[0]).isEqualTo(7 + 1 + 3 + 6);
  }
}
