package org.aoissl.pretrain.dino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Sample;
import org.aoissl.model.VisionTransformer;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.pretrain.ibot.IbotConfig;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.NamedTensor;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DINO and iBOT through the shared loop on a micro model: training, checkpoint layout, resume. */
class DinoTrainingTest {
  @TempDir static Path shared;
  static List<Sample> samples;
  @TempDir Path dir;

  /** A small head and 2 local crops of 16 px around 32 px global views. */
  static final DinoConfig SMALL = new DinoConfig(64, 64, 32, 2, 16, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0, 0.9,
      0.996, 0.4, 1, 0);

  @BeforeAll
  static void data() throws IOException {
    SynthDatasetWriter.write(shared.resolve("synth"),
        new SynthConfig(2, 0, 8, 64, 3, 8, LabelEncoding.BITS, 0.6, 0.2, false, 2), () -> {});
    samples = DatasetLayouts.open(shared.resolve("synth/pretrain"), DatasetOptions.DEFAULT).samples();
  }

  static PretrainConfig config(String method, long steps, double saveEvery) {
    return config(method, steps, saveEvery, 0.05, SMALL);
  }

  static PretrainConfig config(String method, long steps, double saveEvery, double blr, DinoConfig dino) {
    return PretrainConfig.defaults(method, "micro", 32, 4, 1, 11).withSteps(steps).withLr(blr, 1e-6)
        .withSaveEvery(saveEvery).withDistillation(dino, method.equals("ibot") ? IbotConfig.defaults() : null);
  }

  @Test
  void dinoTrainsWithoutCollapseAndItsTeacherIsTheExportedEncoder() throws IOException {
    Path ckpt = dir.resolve("d.ckpt");
    List<String> warnings = new ArrayList<>();
    PretrainLoop.run(config("dino", 40, 100), samples, ckpt, false, Map.of(), new TrainListener() {
      @Override
      public void onWarning(long step, String message) {
        warnings.add(step + ": " + message);
      }
    });
    List<StepLog> log = readLog(dir.resolve("d.ckpt.log.jsonl"));
    assertThat(log).hasSize(40);
    // Diagnostics at every epoch end (8 images, batch 4: every 2nd step) and at the last step.
    List<StepLog> diag = log.stream().filter(s -> !s.diagnostics().isEmpty()).toList();
    assertThat(diag).extracting(StepLog::step).contains(2L, 4L, 40L).doesNotContain(1L, 3L);
    StepLog last = diag.get(diag.size() - 1);
    System.out.println("DINO diagnostics at step 40: " + last.diagnostics() + ", warnings " + warnings);
    assertThat(last.diagnostics().get("teacherInformation")).isGreaterThan(5 * CollapseGuard.MIN_INFORMATION);
    assertThat(last.diagnostics().get("rankMe")).isGreaterThan(4 * CollapseGuard.MIN_RANK);
    assertThat(last.diagnostics().get("momentum")).isGreaterThan(0.996).isLessThan(1);
    assertThat(warnings).isEmpty();

    CheckpointFile.Contents c = CheckpointFile.read(ckpt);
    assertThat(c.tensors()).containsKeys("model/cls_token", "model/blocks.0.attn.qkv.weight",
        "model/student.blocks.0.attn.qkv.weight", "model/dino_head.last_layer.weight_v",
        "model/student.dino_head.last_layer.weight_v", "model/loss.center",
        "optim/m/student.blocks.0.attn.qkv.weight", "optim/t0/student.dino_head.last_layer.weight_v")
        .doesNotContainKey("optim/m/blocks.0.attn.qkv.weight"); // the teacher is not optimised
    // The last layer was frozen for epoch 0 (steps 0 and 1) and joined at step 2.
    assertThat(c.tensors().get("optim/t0/student.dino_head.last_layer.weight_v").data()).containsExactly(2f);
    // Teacher and student differ after training (EMA lags), the centre moved.
    assertThat(c.tensors().get("model/blocks.0.attn.qkv.weight").data())
        .isNotEqualTo(c.tensors().get("model/student.blocks.0.attn.qkv.weight").data());
    assertThat(c.tensors().get("model/loss.center").data()).isNotEqualTo(new float[64]);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      VisionTransformer enc = PretrainCheckpoint.loadEncoder(ckpt, m);
      float[] teacher = c.tensors().get("model/blocks.0.attn.qkv.weight").data();
      assertThat(enc.params().entry("blocks.0.attn.qkv.weight").array().toFloatArray()).containsExactly(teacher);
    }
    // The state's JSON (with DINO settings) reads back equal.
    PretrainState st = PretrainCheckpoint.load(ckpt).state();
    assertThat(st.config()).isEqualTo(config("dino", 40, 100));
    assertThat(st.mae()).isNull();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(json.writeValueAsString(st.config()), PretrainConfig.class)).isEqualTo(st.config());
  }

  @Test
  void aCollapsingRunIsReported() throws IOException {
    // Ten times the learning rate and a fast teacher: every image gets the same teacher target.
    DinoConfig fast = new DinoConfig(64, 64, 32, 2, 16, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0, 0.9, 0.9, 0.4, 1, 0);
    List<String> warnings = new ArrayList<>();
    PretrainLoop.run(config("dino", 12, 100, 0.5, fast), samples, dir.resolve("c.ckpt"), false, Map.of(),
        new TrainListener() {
          @Override
          public void onWarning(long step, String message) {
            warnings.add(step + ": " + message);
          }
        });
    assertThat(warnings).isNotEmpty().allMatch(w -> w.contains("collapse suspected: teacher information 0.0"));
    StepLog last = readLog(dir.resolve("c.ckpt.log.jsonl")).get(11);
    assertThat(last.diagnostics().get("teacherInformation")).isLessThan(CollapseGuard.MIN_INFORMATION);
    assertThat(last.diagnostics().get("collapsed")).isEqualTo(1.0);
  }

  @Test
  void ibotCrashAndResumeGivesExactlyTheUninterruptedRun() throws IOException {
    Path a = dir.resolve("a.ckpt");
    PretrainLoop.run(config("ibot", 8, 100), samples, a, false, Map.of(), new TrainListener() {});
    Path b = dir.resolve("b.ckpt");
    // Checkpoint after every step, die in step 4 before its checkpoint: step 3 is on disk (the last
    // layer joined at step 2, so its late AdamW start is in the checkpoint).
    assertThatThrownBy(() -> PretrainLoop.run(config("ibot", 8, 1e-9), samples, b, false, Map.of(),
        new TrainListener() {
          @Override
          public void onStep(StepLog log) {
            if (log.step() == 4) {
              throw new IllegalStateException("simulated crash");
            }
          }
        })).hasMessage("simulated crash");
    assertThat(PretrainCheckpoint.load(b).state().step()).isEqualTo(3);
    PretrainLoop.run(config("ibot", 8, 1e-9), samples, b, true, Map.of(), new TrainListener() {});
    Map<String, NamedTensor> wa = CheckpointFile.read(a).tensors();
    assertThat(wa).containsKeys("model/student.masked_embed", "model/student.dino_head.last_layer2.weight_v",
        "model/loss.center2");
    assertThat(CheckpointFile.read(b).tensors()).isEqualTo(wa); // bit-exact: weights, teacher, centres, moments
    List<StepLog> la = readLog(dir.resolve("a.ckpt.log.jsonl"));
    List<StepLog> lb = readLog(dir.resolve("b.ckpt.log.jsonl"));
    assertThat(lb).extracting(StepLog::loss).isEqualTo(la.stream().map(StepLog::loss).toList());
    assertThat(la.get(la.size() - 1).diagnostics()).containsKeys("patchLoss", "clsLoss", "teacherPatchTemp");
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> PretrainConfig.defaults("dino", "micro", 32, 4, 1, 1).withDistillation(null, null))
        .hasMessageContaining("dino needs DINO settings");
    assertThatThrownBy(() -> PretrainConfig.mae("micro", 32, 4, 0, 1, 0, 1).withDistillation(SMALL, null))
        .hasMessageContaining("mae takes no DINO settings");
    assertThatThrownBy(() -> new DinoConfig(64, 64, 32, 2, 16, 0.4, 0.5, 0.4, 0.1, 0.04, 0.04, 0, 0.9, 0.996,
        0.4, 1, 0)).hasMessageContaining("local crop scale");
    assertThatThrownBy(() -> new IbotConfig(false, 0.04, 0.07, 0.3, 0.4, 0.5, 0.3, 1, 1, 0.9))
        .hasMessageContaining("predRatioVar");
    DinoConfig odd = new DinoConfig(64, 64, 32, 2, 12, 0.4, 0.05, 0.4, 0.1, 0.04, 0.04, 0, 0.9, 0.996, 0.4, 1, 0);
    assertThatThrownBy(() -> odd.requireFits(org.aoissl.model.VitConfig.preset("micro")))
        .hasMessageContaining("multiple of the patch size 8");
  }

  private static List<StepLog> readLog(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<StepLog> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(json.readValue(line, StepLog.class));
    }
    return out;
  }
}
