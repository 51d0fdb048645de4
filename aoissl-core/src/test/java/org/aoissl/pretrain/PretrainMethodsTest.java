package org.aoissl.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.LabelEncoding;
import org.aoissl.data.Sample;
import org.aoissl.model.NamedParams;
import org.aoissl.model.VisionTransformer;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.train.TrainListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new pre-training method is one Objective and one register line; the loop, config and checkpoints take it. */
class PretrainMethodsTest {
  @TempDir Path dir;

  /** Shrinks the patch features towards zero: nothing useful, but a loss with gradients to every block. */
  static final class Shrink implements Objective {
    private final VisionTransformer vit;

    Shrink(PretrainState state, NDManager manager) {
      vit = VisionTransformer.create(state.vit(), manager, state.config().seed());
    }

    @Override
    public String method() {
      return "shrink";
    }

    @Override
    public NamedParams params() {
      return vit.params();
    }

    @Override
    public NDArray loss(NDArray images, RandomGenerator rng) {
      return vit.forwardFeatures(images).patches().square().mean(); // [N, L, D] -> scalar
    }

    @Override
    public VisionTransformer encoder() {
      return vit;
    }

    @Override
    public long flopsPerImage() {
      return 1;
    }

    @Override
    public void close() {
      vit.close();
    }
  }

  @Test
  void theBuiltInsAreRegistered() {
    assertThat(PretrainMethods.names()).containsExactly("mae", "dino", "ibot");
    assertThat(PretrainMethods.get("ibot").patchTokens()).isTrue();
    assertThatThrownBy(() -> PretrainMethods.get("byol")).hasMessageContaining("method must be one of mae, dino, ibot");
  }

  @Test
  void aRegisteredMethodTrainsAndItsEncoderIsUsable() throws IOException {
    PretrainMethods.register(new PretrainMethods.Entry("shrink", "test only", false, false, false, 0.1, 0.05, 1.0,
        Shrink::new));
    try {
      SynthDatasetWriter.write(dir.resolve("synth"),
          new SynthConfig(2, 0, 6, 64, 3, 8, LabelEncoding.BITS, 0.6, 0.2, false, 2), () -> { });
      List<Sample> samples = DatasetLayouts.open(dir.resolve("synth/pretrain"), DatasetOptions.DEFAULT).samples();
      PretrainConfig cfg = PretrainConfig.defaults("shrink", "micro", 32, 4, 1, 5).withSteps(3).withLr(0.5, 1e-6);
      assertThat(cfg.clipGrad()).as("the method's registered default").isEqualTo(1.0);
      Path ckpt = dir.resolve("shrink.ckpt");
      PretrainLoop.Result r = PretrainLoop.run(cfg, samples, ckpt, false, Map.of(), new TrainListener() { });
      assertThat(r.steps()).isEqualTo(3);
      assertThat(r.lastLoss()).isFinite();
      assertThat(EncoderCheckpoint.read(ckpt).describe()).startsWith("shrink shrink.ckpt (step 3)");
      try (PatchEncoder enc = PatchEncoder.open(ckpt)) {
        assertThat(enc.encode(org.aoissl.data.Dataset.readImage(samples.get(0))).gridH()).isPositive();
      }
    } finally {
      PretrainMethods.unregister("shrink");
    }
    assertThatThrownBy(() -> PretrainConfig.defaults("shrink", "micro", 32, 4, 1, 5))
        .hasMessageContaining("method must be one of");
  }
}
