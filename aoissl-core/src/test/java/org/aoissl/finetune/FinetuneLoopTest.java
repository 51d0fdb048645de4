package org.aoissl.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.NamedTensor;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FinetuneLoopTest {
  @TempDir static Path shared;
  static List<Example> train;
  static ClassSet classes;
  static List<Sample> unlabeled;
  @TempDir Path dir;

  @BeforeAll
  static void data() throws IOException {
    SynthDatasetWriter.write(shared.resolve("synth"),
        new SynthConfig(2, 6, 8, 64, 3, 8, LabelEncoding.BITS, 1.0, 0.0, false, 2), () -> {});
    Dataset d = DatasetLayouts.open(shared.resolve("synth/train"), DatasetOptions.DEFAULT);
    classes = d.classes();
    train = new ArrayList<>();
    for (Sample s : d.samples()) {
      train.add(d.read(s));
    }
    unlabeled = DatasetLayouts.open(shared.resolve("synth/pretrain"), DatasetOptions.DEFAULT).samples();
  }

  private static FinetuneConfig micro(String head, long steps, double saveEvery) {
    return new FinetuneConfig(head, "micro", 32, 4, 0, steps, 0, 3e-3, 1e-6, 0.1, 0.75, 0.05, 5.0, 1.0, 7,
        saveEvery, null);
  }

  private static Map<String, NamedTensor> tensors(Path ckpt) throws IOException {
    return CheckpointFile.read(ckpt).tensors();
  }

  @Test
  void decoderLossFallsClearlyOnSyntheticMasks() throws IOException {
    Path ckpt = dir.resolve("ft.ckpt");
    FinetuneLoop.Result r = FinetuneLoop.run(micro("decoder", 80, 100), train, classes, null, ckpt, false, Map.of(),
        new TrainListener() {});
    assertThat(r.steps()).isEqualTo(80);
    List<StepLog> log = TrainLog.read(dir.resolve("ft.ckpt.log.jsonl"));
    assertThat(log).hasSize(80);
    double first = log.subList(0, 8).stream().mapToDouble(StepLog::loss).average().orElseThrow();
    double last = log.subList(72, 80).stream().mapToDouble(StepLog::loss).average().orElseThrow();
    assertThat(last).as("loss first 8 steps %.4f, last 8 %.4f", first, last).isLessThan(0.7 * first);
    FinetuneCheckpoint.Loaded l = FinetuneCheckpoint.load(ckpt);
    assertThat(l.state().classes()).containsExactly("wire", "ball", "wedge", "epoxy");
    assertThat(l.state().init()).isEqualTo("scratch");
    assertThat(l.contents().tensors()).containsKeys("model/head.up.0.weight", "model/blocks.0.attn.qkv.weight",
        "optim/m/head.classifier.weight", "optim/m/blocks.0.attn.qkv.weight");
  }

  @ParameterizedTest
  @ValueSource(strings = {"decoder", "unetr"})
  void crashAndResumeGivesExactlyTheUninterruptedWeights(String head) throws IOException {
    Path a = dir.resolve("a.ckpt");
    FinetuneLoop.run(micro(head, 10, 100), train, classes, null, a, false, Map.of(),
        new TrainListener() {});
    Path b = dir.resolve("b.ckpt");
    assertThatThrownBy(() -> FinetuneLoop.run(micro(head, 10, 1e-9), train, classes, null, b, false, Map.of(),
        new TrainListener() {
          @Override
          public void onStep(StepLog log) {
            if (log.step() == 6) {
              throw new IllegalStateException("simulated crash");
            }
          }
        })).hasMessage("simulated crash");
    assertThat(FinetuneCheckpoint.load(b).state().step()).isEqualTo(5);
    FinetuneLoop.Result r = FinetuneLoop.run(micro(head, 10, 1e-9), train, classes, null, b, true, Map.of(),
        new TrainListener() {});
    assertThat(r.steps()).isEqualTo(10);
    assertThat(tensors(b)).isEqualTo(tensors(a));
    // The resumed log holds each step once, with the uninterrupted run's losses.
    assertThat(TrainLog.read(dir.resolve("b.ckpt.log.jsonl")).stream().map(StepLog::loss).toList())
        .isEqualTo(TrainLog.read(dir.resolve("a.ckpt.log.jsonl")).stream().map(StepLog::loss).toList());
  }

  @Test
  void linearProbeKeepsThePretrainedEncoderAndTrainsOnlyTheHead() throws IOException {
    Path pre = dir.resolve("mae.ckpt");
    PretrainLoop.run(PretrainConfig.mae("micro", 32, 4, 0, 3, 0, 11).withLr(0.5, 1e-6).withWarmup(0.1)
        .withClipGrad(1).withSaveEvery(100), unlabeled, pre, false, Map.of(), new TrainListener() {});
    Path ckpt = dir.resolve("probe.ckpt");
    FinetuneLoop.run(micro("linear", 6, 100), train, classes, pre, ckpt, false, Map.of(),
        new TrainListener() {});
    Map<String, NamedTensor> before = tensors(pre);
    Map<String, NamedTensor> after = tensors(ckpt);
    FinetuneCheckpoint.Loaded l = FinetuneCheckpoint.load(ckpt);
    assertThat(l.state().init()).startsWith("mae mae.ckpt (step 3)");
    for (String name : List.of("model/cls_token", "model/patch_embed.proj.weight", "model/blocks.1.mlp.fc2.weight",
        "model/norm.bias")) {
      assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
    }
    assertThat(after).containsKey("optim/m/head.linear.weight").doesNotContainKey("optim/m/blocks.0.attn.qkv.weight");
    assertThat(l.state().mean()).containsExactly(org.aoissl.pretrain.PretrainCheckpoint.load(pre).state().mean());
  }

  @Test
  void aTimeBudgetStopsTheRunNearItsEnd() throws IOException {
    FinetuneConfig cfg = new FinetuneConfig("decoder", "micro", 32, 4, 0, 0, 0.05, 3e-3, 1e-6, 0.1, 0.75, 0.05, 5.0,
        1.0, 7, 100, null);
    FinetuneLoop.Result r = FinetuneLoop.run(cfg, train, classes, null, dir.resolve("t.ckpt"), false, Map.of(),
        new TrainListener() {});
    assertThat(r.steps()).isPositive().isLessThanOrEqualTo(r.totalSteps());
    // 3 s of budget: the schedule was sized from a timed trial and the loop stops at the deadline.
    assertThat(r.seconds()).isLessThan(3.0 + 5.0);
    assertThat(FinetuneCheckpoint.load(dir.resolve("t.ckpt")).state().step()).isEqualTo(r.steps());
  }

  @Test
  void refusesToOverwriteAndToResumeWithOtherSettings() throws IOException {
    Path ckpt = dir.resolve("x.ckpt");
    FinetuneLoop.run(micro("linear", 2, 100), train, classes, null, ckpt, false, Map.of(),
        new TrainListener() {});
    assertThatThrownBy(() -> FinetuneLoop.run(micro("linear", 2, 100), train, classes, null, ckpt, false, Map.of(),
        new TrainListener() {})).isInstanceOf(BadInputException.class).hasMessageContaining("exists");
    assertThatThrownBy(() -> FinetuneLoop.run(micro("linear", 3, 100), train, classes, null, ckpt, true, Map.of(),
        new TrainListener() {})).isInstanceOf(BadInputException.class)
        .hasMessageContaining("different settings");
  }

  @ParameterizedTest
  @ValueSource(strings = {"decoder", "unetr"})
  void predictorReturnsMasksOfTheImagesSize(String head) throws IOException {
    Path ckpt = dir.resolve("p.ckpt");
    FinetuneLoop.run(micro(head, 2, 100), train, classes, null, ckpt, false, Map.of(),
        new TrainListener() {});
    try (SegPredictor p = SegPredictor.open(ckpt)) {
      SegPredictor.Prediction pr = p.predict(train.get(0).image());
      assertThat(pr.mask().height()).isEqualTo(64);
      assertThat(pr.mask().numClasses()).isEqualTo(4);
      assertThat(pr.probabilities()).hasSize(4 * 64 * 64);
      for (float v : pr.probabilities()) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }
}
