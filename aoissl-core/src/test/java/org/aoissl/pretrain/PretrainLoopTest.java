package org.aoissl.pretrain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.train.BudgetFit;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.LrSchedule;
import org.aoissl.train.NamedTensor;
import org.aoissl.train.NonFiniteLossException;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainLoopTest {
  @TempDir static Path shared;
  static List<Sample> samples;
  @TempDir Path dir;

  @BeforeAll
  static void data() throws IOException {
    SynthDatasetWriter.write(shared.resolve("synth"),
        new SynthConfig(2, 0, 8, 64, 3, 8, LabelEncoding.BITS, 0.6, 0.2, false, 2), () -> {});
    samples = DatasetLayouts.open(shared.resolve("synth/pretrain"), DatasetOptions.DEFAULT).samples();
  }

  private static PretrainConfig micro(long steps, double blr, double clip, double saveEvery) {
    return PretrainConfig.mae("micro", 32, 4, 0, steps, 0, 11).withLr(blr, 1e-6).withWarmup(0.1).withClipGrad(clip)
        .withSaveEvery(saveEvery);
  }

  private static Map<String, NamedTensor> weights(Path ckpt) throws IOException {
    return CheckpointFile.read(ckpt).tensors();
  }

  @Test
  void lossFallsClearlyOnSyntheticData() throws IOException {
    Path ckpt = dir.resolve("m.ckpt");
    PretrainLoop.Result r = PretrainLoop.run(micro(120, 0.5, 5, 100), samples, ckpt, false, Map.of(),
        new TrainListener() {});
    assertThat(r.steps()).isEqualTo(120);
    List<StepLog> log = TrainLog.read(dir.resolve("m.ckpt.log.jsonl"));
    assertThat(log).hasSize(120);
    double first = log.subList(0, 10).stream().mapToDouble(StepLog::loss).average().orElseThrow();
    double last = log.subList(110, 120).stream().mapToDouble(StepLog::loss).average().orElseThrow();
    assertThat(last).as("loss first 10 steps %.4f, last 10 steps %.4f", first, last).isLessThan(0.7 * first);
    PretrainCheckpoint.Loaded l = PretrainCheckpoint.load(ckpt);
    assertThat(l.state().step()).isEqualTo(120);
    assertThat(l.state().vit().channels()).isEqualTo(2);
    assertThat(l.contents().tensors()).containsKeys("model/blocks.0.attn.qkv.weight", "optim/m/cls_token");
  }

  @Test
  void cropScalesAreValidatedSavedAndChangeWhatTheModelSees() throws IOException {
    PretrainConfig base = PretrainConfig.mae("micro", 32, 4, 0, 2, 0, 11).withLr(0.5, 1e-6).withWarmup(0.1)
        .withClipGrad(1).withSaveEvery(100);
    assertThatThrownBy(() -> base.withCropScale(0.5, 0.4)).hasMessageContaining("crop scales must satisfy");
    PretrainConfig native25 = base.withCropScale(0.25, 0.25);
    Path a = dir.resolve("crop.ckpt");
    PretrainLoop.run(native25, samples, a, false, Map.of(), new TrainListener() {});
    assertThat(PretrainCheckpoint.load(a).state().config().cropScaleMin()).isEqualTo(0.25);
    Path b = dir.resolve("default.ckpt");
    PretrainLoop.run(micro(2, 0.5, 1, 100), samples, b, false, Map.of(), new TrainListener() {});
    assertThat(weights(a).get("model/blocks.0.attn.qkv.weight"))
        .isNotEqualTo(weights(b).get("model/blocks.0.attn.qkv.weight"));
  }

  @Test
  void crashAndResumeGivesExactlyTheUninterruptedWeights() throws IOException {
    Path a = dir.resolve("a.ckpt");
    PretrainLoop.run(micro(12, 0.5, 1, 100), samples, a, false, Map.of(), new TrainListener() {});

    Path b = dir.resolve("b.ckpt");
    // Checkpoint after every step, then die in step 8 before its checkpoint: step 7 is on disk.
    assertThatThrownBy(() -> PretrainLoop.run(micro(12, 0.5, 1, 1e-9), samples, b, false, Map.of(),
        new TrainListener() {
          @Override
          public void onStep(StepLog log) {
            if (log.step() == 8) {
              throw new IllegalStateException("simulated crash");
            }
          }
        })).hasMessage("simulated crash");
    assertThat(PretrainCheckpoint.load(b).state().step()).isEqualTo(7);
    PretrainLoop.Result r = PretrainLoop.run(micro(12, 0.5, 1, 1e-9), samples, b, true, Map.of(),
        new TrainListener() {});
    assertThat(r.steps()).isEqualTo(12);
    assertThat(weights(b)).isEqualTo(weights(a)); // bit-exact, every weight and optimizer moment
    List<StepLog> la = TrainLog.read(dir.resolve("a.ckpt.log.jsonl"));
    List<StepLog> lb = TrainLog.read(dir.resolve("b.ckpt.log.jsonl"));
    assertThat(lb).extracting(StepLog::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertThat(lb).extracting(StepLog::loss).isEqualTo(la.stream().map(StepLog::loss).toList());
  }

  @Test
  void nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path c = dir.resolve("c.ckpt");
    assertThatThrownBy(() -> PretrainLoop.run(micro(60, 1e9, 0, 1e-9), samples, c, false, Map.of(),
        new TrainListener() {}))
        .isInstanceOf(NonFiniteLossException.class)
        .hasMessageContaining("at step")
        .hasMessageContaining(c.toString());
    PretrainCheckpoint.Loaded l = PretrainCheckpoint.load(c);
    assertThat(l.state().step()).isBetween(1L, 59L);
    for (NamedTensor t : l.contents().tensors().values()) {
      for (float v : t.data()) {
        assertThat(Float.isFinite(v)).as(t.name()).isTrue();
      }
    }
  }

  @Test
  void refusesCorruptCheckpointsAndChangedSettingsOnResume() throws IOException {
    Path d = dir.resolve("d.ckpt");
    PretrainLoop.run(micro(2, 0.5, 1, 100), samples, d, false, Map.of(), new TrainListener() {});
    assertThatThrownBy(() -> PretrainLoop.run(micro(2, 0.5, 1, 100), samples, d, false, Map.of(),
        new TrainListener() {})).isInstanceOf(BadInputException.class).hasMessageContaining("--resume");
    assertThatThrownBy(() -> PretrainLoop.run(micro(4, 0.5, 1, 100), samples, d, true, Map.of(),
        new TrainListener() {})).isInstanceOf(BadInputException.class).hasMessageContaining("different settings");
    byte[] bytes = Files.readAllBytes(d);
    bytes[bytes.length / 2] ^= 1;
    Files.write(d, bytes);
    assertThatThrownBy(() -> PretrainLoop.run(micro(2, 0.5, 1, 100), samples, d, true, Map.of(),
        new TrainListener() {})).isInstanceOf(org.aoissl.io.CorruptFileException.class);
  }

  @Test
  void aTimeBudgetIsFittedAndEveryStepAfterTheLastFitFollowsTheFittedSchedule() throws IOException {
    PretrainConfig cfg = PretrainConfig.mae("micro", 32, 4, 0, 0, 0.1, 11).withLr(0.5, 1e-6).withWarmup(0.1)
        .withClipGrad(1).withSaveEvery(100);
    Path t = dir.resolve("t.ckpt");
    long[] steps = {0};
    long[] fit = {-1, -1}; // step at which the last fit came, total
    long[] first = {-1};
    int[] fits = {0};
    PretrainLoop.Result r = PretrainLoop.run(cfg, samples, t, false, Map.of(), new TrainListener() {
      @Override
      public void onStep(StepLog log) {
        steps[0] = log.step();
      }

      @Override
      public void onTotalSteps(long totalSteps) {
        if (fit[0] < 0) {
          first[0] = steps[0];
        }
        fits[0]++;
        fit[0] = steps[0];
        fit[1] = totalSteps;
      }
    });
    // The first fit after the measured steps; sooner only where the planned end or the deadline comes
    // first (a machine too busy for 20 micro steps in 6 s). At most two refits follow (a quarter, half).
    assertThat(first[0]).isBetween(1L, (long) BudgetFit.WARM_STEPS + BudgetFit.MEASURED_STEPS);
    assertThat(fits[0]).isBetween(1, 3);
    assertThat(fit[1]).isEqualTo(r.totalSteps());
    assertThat(r.steps()).isLessThanOrEqualTo(r.totalSteps());
    assertThat(PretrainCheckpoint.load(t).state().totalSteps()).isEqualTo(r.totalSteps());
    LrSchedule fitted = LrSchedule.of(cfg.lr(), cfg.minLr(), cfg.warmupFraction(), r.totalSteps());
    for (StepLog s : TrainLog.read(dir.resolve("t.ckpt.log.jsonl"))) {
      if (s.step() > fit[0]) {
        assertThat(s.lr()).as("lr of step %d", s.step()).isEqualTo(fitted.lr(s.step() - 1));
      }
    }
  }

  @Test
  void aCheckpointBeforeTheMeasuredStepsForcesTheFitFirst() throws IOException {
    // A checkpoint after every step: the fit must come before the first one, so that no checkpoint
    // holds the unfitted length and a resume continues on the curve of the uninterrupted run.
    PretrainConfig cfg = PretrainConfig.mae("micro", 32, 4, 0, 0, 0.03, 11).withLr(0.5, 1e-6).withWarmup(0.1)
        .withClipGrad(1).withSaveEvery(1e-9);
    Path t = dir.resolve("every.ckpt");
    List<String> events = new java.util.ArrayList<>();
    PretrainLoop.Result r = PretrainLoop.run(cfg, samples, t, false, Map.of(), new TrainListener() {
      @Override
      public void onTotalSteps(long totalSteps) {
        events.add("fit " + totalSteps);
      }

      @Override
      public void onCheckpoint(Path file, long step) {
        if (events.size() < 2) {
          events.add("save " + step + " of " + uncheckedTotal(file));
        }
      }
    });
    assertThat(events).containsExactly("fit " + r.totalSteps(), "save 1 of " + r.totalSteps());
    assertThat(PretrainCheckpoint.load(t).state().totalSteps()).isEqualTo(r.totalSteps());
    assertThat(r.stopReason()).isIn("budget reached", "time budget reached");
  }

  private static long uncheckedTotal(Path ckpt) {
    try {
      return PretrainCheckpoint.load(ckpt).state().totalSteps();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
