package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.aoissl.ReplayableSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VisionTransformerTest {
  private static final VitConfig MICRO = VitConfig.preset("micro");
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  static List<String> microEncoderNames() {
    List<String> names = new ArrayList<>(List.of(
        "cls_token", "pos_embed", "patch_embed.proj.weight", "patch_embed.proj.bias"));
    for (int b = 0; b < 2; b++) {
      for (String s : List.of("norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias",
          "attn.proj.weight", "attn.proj.bias", "norm2.weight", "norm2.bias", "mlp.fc1.weight",
          "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias")) {
        names.add("blocks." + b + "." + s);
      }
    }
    names.add("norm.weight");
    names.add("norm.bias");
    return names;
  }

  @Test
  void parametersHaveTimmNamesShapesAndDecayFlags() {
    try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, 1)) {
      Map<String, Parameter> named = vit.namedParameters();
      assertThat(named.keySet()).containsExactlyElementsOf(microEncoderNames());
      assertThat(shape(named, "cls_token")).isEqualTo(new Shape(1, 1, 32));
      assertThat(shape(named, "pos_embed")).isEqualTo(new Shape(1, 17, 32));
      assertThat(shape(named, "patch_embed.proj.weight")).isEqualTo(new Shape(32, 2, 8, 8));
      assertThat(shape(named, "blocks.1.attn.qkv.weight")).isEqualTo(new Shape(96, 32));
      assertThat(shape(named, "blocks.1.attn.qkv.bias")).isEqualTo(new Shape(96));
      assertThat(shape(named, "blocks.0.mlp.fc1.weight")).isEqualTo(new Shape(128, 32));
      assertThat(shape(named, "blocks.0.mlp.fc2.weight")).isEqualTo(new Shape(32, 128));
      // DJL's own view of the block's parameters uses the same names.
      assertThat(vit.getParameters().keys()).containsExactlyElementsOf(microEncoderNames());

      NamedParams p = vit.params();
      List<String> decayed = p.entries().stream().filter(NamedParams.Entry::decay)
          .map(NamedParams.Entry::name).toList();
      assertThat(decayed).containsExactly("patch_embed.proj.weight",
          "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.weight", "blocks.0.mlp.fc1.weight",
          "blocks.0.mlp.fc2.weight", "blocks.1.attn.qkv.weight", "blocks.1.attn.proj.weight",
          "blocks.1.mlp.fc1.weight", "blocks.1.mlp.fc2.weight");
      assertThat(p.trainable()).extracting(NamedParams.Entry::name)
          .doesNotContain("pos_embed").hasSize(microEncoderNames().size() - 1);
      assertThat(p.entry("pos_embed").parameter().requiresGradient()).isFalse();
      assertThat(p.trainableCount()).isEqualTo(
          32 + (32 * 128 + 32) + 2 * (4 * 32 + 96 * 32 + 96 + 32 * 32 + 32 + 2 * 128 * 32 + 128
              + 32) + 2 * 32);
    }
  }

  @Test
  void initialisationFollowsMae() {
    try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, 3)) {
      Map<String, Parameter> named = vit.namedParameters();
      for (String name : named.keySet()) {
        float[] v = values(named, name);
        if (name.endsWith("norm1.weight") || name.endsWith("norm2.weight")
            || name.equals("norm.weight")) {
          assertThat(v).as(name).containsOnly(1f);
        } else if (name.endsWith(".bias")) {
          assertThat(v).as(name).containsOnly(0f);
        }
      }
      assertXavier(values(named, "blocks.0.attn.qkv.weight"), Math.sqrt(6.0 / (32 + 96)));
      assertXavier(values(named, "blocks.1.mlp.fc2.weight"), Math.sqrt(6.0 / (128 + 32)));
      // Patch embedding: fan-in C·p·p = 128, fan-out D = 32.
      assertXavier(values(named, "patch_embed.proj.weight"), Math.sqrt(6.0 / (128 + 32)));
      float[] cls = values(named, "cls_token");
      double sq = 0;
      for (float f : cls) {
        sq += f * f;
      }
      assertThat(Math.sqrt(sq / cls.length)).isBetween(0.01, 0.03);
      assertThat(values(named, "pos_embed")).containsExactly(PosEmbed.sinCos2d(32, 4, 4, true));
    }
  }

  private static void assertXavier(float[] v, double bound) {
    float max = 0;
    double mean = 0;
    for (float f : v) {
      max = Math.max(max, Math.abs(f));
      mean += f / v.length;
    }
    assertThat((double) max).isLessThanOrEqualTo(bound).isGreaterThan(0.95 * bound);
    assertThat(mean).isCloseTo(0, within(0.1 * bound));
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndAnotherSeedDoesNot() {
    try (VisionTransformer a = VisionTransformer.create(MICRO, manager, 42);
        VisionTransformer b = VisionTransformer.create(MICRO, manager, 42);
        VisionTransformer c = VisionTransformer.create(MICRO, manager, 43)) {
      for (String name : a.namedParameters().keySet()) {
        assertThat(values(b.namedParameters(), name)).as(name)
            .containsExactly(values(a.namedParameters(), name));
      }
      assertThat(values(c.namedParameters(), "blocks.0.attn.qkv.weight"))
          .isNotEqualTo(values(a.namedParameters(), "blocks.0.attn.qkv.weight"));
    }
  }

  @Test
  void forwardMatchesALoopByLoopImplementation() throws Throwable {
    long seed = ReplayableSeed.draw("VisionTransformerTest.forwardMatches");
    ReplayableSeed.check(seed, () -> {
      SplittableRandom rnd = new SplittableRandom(seed);
      try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, seed)) {
        Map<String, float[]> weights = randomiseTrainable(vit, rnd);
        NaiveVit naive = new NaiveVit(MICRO, weights);
        // Training size, and a non-square size through interpolated position embeddings.
        for (int[] hw : new int[][] {{32, 32}, {16, 24}}) {
          int n = 2;
          int h = hw[0];
          int w = hw[1];
          float[] img = new float[n * 2 * h * w];
          for (int i = 0; i < img.length; i++) {
            img[i] = (float) rnd.nextDouble();
          }
          float[] pos = PosEmbed.interpolate(weights.get("pos_embed"), 32, 1, 4, 4, h / 8, w / 8);
          try (NDManager step = manager.newSubManager()) {
            Features f = vit.forwardFeatures(step.create(img, new Shape(n, 2, h, w)));
            float[] cls = f.cls().toFloatArray();
            float[] patches = f.patches().toFloatArray();
            int tokens = (h / 8) * (w / 8);
            for (int b = 0; b < n; b++) {
              float[] one = java.util.Arrays.copyOfRange(img, b * 2 * h * w, (b + 1) * 2 * h * w);
              double[][] expect = naive.forward(one, h, w, pos);
              for (int k = 0; k < 32; k++) {
                assertThat(cls[b * 32 + k]).isCloseTo((float) expect[0][k], within(2e-4f));
                for (int t = 0; t < tokens; t++) {
                  assertThat(patches[(b * tokens + t) * 32 + k]).as("image %d token %d dim %d", b, t, k)
                      .isCloseTo((float) expect[1 + t][k], within(2e-4f));
                }
              }
            }
          }
        }
      }
    });
  }

  /** Random values in every trainable parameter (so zero biases and unit norms cannot hide bugs). */
  private static Map<String, float[]> randomiseTrainable(VisionTransformer vit, SplittableRandom r) {
    Map<String, float[]> weights = new HashMap<>();
    for (NamedParams.Entry e : vit.params().entries()) {
      float[] v = e.array().toFloatArray();
      if (e.trainable()) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (e.name().endsWith("norm1.weight") || e.name().endsWith("norm2.weight")
              || e.name().equals("norm.weight") ? 1 + 0.3 * r.nextGaussian() : 0.2 * r.nextGaussian());
        }
        e.array().set(v);
      }
      weights.put(e.name(), v);
    }
    return weights;
  }

  @Test
  void shapesForOneAndTwoChannelsOtherSizesAndTaps() {
    for (int channels : new int[] {1, 2}) {
      VitConfig config = MICRO.withChannels(channels);
      try (VisionTransformer vit = VisionTransformer.create(config, manager, 5);
          NDManager step = manager.newSubManager()) {
        Features f = vit.forwardFeatures(step.randomUniform(0, 1, new Shape(3, channels, 32, 32)));
        assertThat(f.cls().getShape()).isEqualTo(new Shape(3, 32));
        assertThat(f.patches().getShape()).isEqualTo(new Shape(3, 4, 4, 32));
        assertThat(f.taps()).isEmpty();

        Features g = vit.forwardFeatures(
            step.randomUniform(0, 1, new Shape(2, channels, 24, 40)), 0, 1);
        assertThat(g.patches().getShape()).isEqualTo(new Shape(2, 3, 5, 32));
        assertThat(g.output().gridH()).isEqualTo(3);
        assertThat(g.output().gridW()).isEqualTo(5);
        assertThat(g.taps()).hasSize(2);
        assertThat(g.taps().get(0).patches().getShape()).isEqualTo(new Shape(2, 3, 5, 32));
        // The last block's tap, normalised, is the output itself; the first block's is not.
        assertThat(g.taps().get(1).patches().toFloatArray())
            .containsExactly(g.patches().toFloatArray());
        assertThat(g.taps().get(0).cls().toFloatArray()).isNotEqualTo(g.cls().toFloatArray());
      }
    }
  }

  @Test
  void rejectsImagesItCannotEmbed() {
    try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, 5);
        NDManager step = manager.newSubManager()) {
      assertThatThrownBy(() -> vit.forwardFeatures(step.zeros(new Shape(1, 3, 32, 32))))
          .hasMessage("expected images [N, 2, H, W]; got (1, 3, 32, 32)");
      assertThatThrownBy(() -> vit.forwardFeatures(step.zeros(new Shape(1, 2, 30, 32))))
          .hasMessage("image height and width must be positive multiples of the patch size 8; "
              + "got 30x32");
      assertThatThrownBy(() -> vit.forwardFeatures(step.zeros(new Shape(1, 2, 32, 32)), 2))
          .hasMessage("block index must be in [0, 2); got 2");
    }
  }

  @Test
  void forwardAndBackwardLeaveNothingOnTheModelsManager() {
    try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, 5)) {
      NDManager owner = vit.params().manager();
      int before = owner.getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        try (NDManager step = manager.newSubManager();
            GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          Features f = vit.forwardFeatures(step.randomUniform(0, 1, new Shape(2, 2, 24, 32)), 0);
          gc.backward(f.patches().sum().add(f.taps().get(0).cls().sum()));
        }
      }
      assertThat(owner.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void backwardReachesEveryTrainableParameter() {
    try (VisionTransformer vit = VisionTransformer.create(MICRO, manager, 11);
        NDManager step = manager.newSubManager()) {
      NDArray target = step.randomNormal(new Shape(2, 4, 4, 32));
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        Features f = vit.forwardFeatures(step.randomUniform(0, 1, new Shape(2, 2, 32, 32)));
        gc.backward(f.patches().sub(target).square().mean().add(f.cls().square().mean()));
      }
      for (NamedParams.Entry e : vit.params().trainable()) {
        try (NDArray g = e.array().getGradient()) {
          float[] v = g.toFloatArray();
          assertThat(v).as(e.name()).hasSize((int) e.array().size());
          double abs = 0;
          for (float x : v) {
            assertThat(Float.isFinite(x)).as(e.name()).isTrue();
            abs += Math.abs(x);
          }
          assertThat(abs).as(e.name()).isGreaterThan(0);
        }
      }
    }
  }

  private static Shape shape(Map<String, Parameter> named, String name) {
    return named.get(name).getArray().getShape();
  }

  private static float[] values(Map<String, Parameter> named, String name) {
    return named.get(name).getArray().toFloatArray();
  }

  @Test
  void eachModelChoosesItsAttentionKernelAndBothGiveTheSameFeatures() {
    try (VisionTransformer fused = VisionTransformer.create(MICRO, manager, 7);
        VisionTransformer explicit = VisionTransformer.create(MICRO, manager, 7)) {
      explicit.useFusedAttention(false);
      assertThat(explicit.fusedAttention()).isFalse();
      assertThat(fused.fusedAttention()).as("a model's setting is its own").isEqualTo(Sdpa.fused());
      NDArray x = manager.randomNormal(new Shape(2, MICRO.channels(), MICRO.imageSize(), MICRO.imageSize()));
      float[] a = fused.forwardFeatures(x).patches().toFloatArray();
      float[] b = explicit.forwardFeatures(x).patches().toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).as("feature %d", i).isCloseTo(a[i], within(1e-4f));
      }
    }
  }
}
