package org.aoissl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.aoissl.io.BadInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VitImportTest {
  private static final VitImport.Options MICRO = new VitImport.Options("micro", null, null);
  @TempDir Path dir;
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = Engine.getEngine("PyTorch").newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** An encoder whose every parameter (position embeddings, norms, biases too) is random. */
  private VisionTransformer randomVit(VitConfig c, long seed) {
    VisionTransformer v = VisionTransformer.create(c, manager, seed);
    SplittableRandom r = new SplittableRandom(seed);
    for (Parameter p : v.namedParameters().values()) {
      float[] x = new float[(int) p.getArray().size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextDouble(-1, 1);
      }
      p.getArray().set(x);
    }
    return v;
  }

  private static float[] values(VisionTransformer v, String name) {
    return v.namedParameters().get(name).getArray().toFloatArray();
  }

  private static Safetensors.Tensor tensor(String name, long[] shape, float[] data) {
    return new Safetensors.Tensor(name, "F32", shape, data);
  }

  /** The encoder under timm names (ours), prefixed. */
  private static List<Safetensors.Tensor> timm(VisionTransformer v, String prefix) {
    List<Safetensors.Tensor> out = new ArrayList<>();
    v.namedParameters().forEach((n, p) -> out.add(tensor(prefix + n, p.getArray().getShape().getShape(),
        p.getArray().toFloatArray())));
    return out;
  }

  /** The encoder under Hugging Face ViTModel names, written out by hand; qkv split into query, key, value. */
  private static List<Safetensors.Tensor> huggingFace(VisionTransformer v, String prefix) {
    List<Safetensors.Tensor> out = new ArrayList<>();
    int d = v.config().dim();
    v.namedParameters().forEach((n, p) -> {
      long[] shape = p.getArray().getShape().getShape();
      float[] x = p.getArray().toFloatArray();
      if (n.endsWith("attn.qkv.weight") || n.endsWith("attn.qkv.bias")) {
        String layer = n.replaceFirst("^blocks\\.(\\d+)\\..*", "encoder.layer.$1.attention.attention.");
        String leaf = n.endsWith("weight") ? "weight" : "bias";
        long[] part = shape.clone();
        part[0] = d;
        int per = x.length / 3;
        String[] qkv = {"query.", "key.", "value."};
        for (int i = 0; i < 3; i++) {
          out.add(tensor(prefix + layer + qkv[i] + leaf, part, Arrays.copyOfRange(x, i * per, (i + 1) * per)));
        }
        return;
      }
      String hf = switch (n) {
        case "cls_token" -> "embeddings.cls_token";
        case "pos_embed" -> "embeddings.position_embeddings";
        case "patch_embed.proj.weight" -> "embeddings.patch_embeddings.projection.weight";
        case "patch_embed.proj.bias" -> "embeddings.patch_embeddings.projection.bias";
        case "norm.weight" -> "layernorm.weight";
        case "norm.bias" -> "layernorm.bias";
        default -> n.replaceFirst("^blocks\\.", "encoder.layer.")
            .replace(".norm1.", ".layernorm_before.").replace(".norm2.", ".layernorm_after.")
            .replace(".attn.proj.", ".attention.output.dense.").replace(".mlp.fc1.", ".intermediate.dense.")
            .replace(".mlp.fc2.", ".output.dense.");
      };
      out.add(tensor(prefix + hf, shape, x));
    });
    return out;
  }

  private Path write(String name, List<Safetensors.Tensor> tensors) throws IOException {
    Path f = dir.resolve(name);
    Safetensors.write(f, Map.of("format", "pt"), tensors);
    return f;
  }

  private static VitImport.Result read(Path f, int channels, VitImport.Options o) throws IOException {
    try (Safetensors st = Safetensors.open(f)) {
      return VitImport.read(st, channels, o);
    }
  }

  private static List<Safetensors.Tensor> without(List<Safetensors.Tensor> ts, Predicate<String> drop) {
    return ts.stream().filter(t -> !drop.test(t.name())).toList();
  }

  @Test
  void parameterNamesAreTheEncoders() {
    VitConfig micro = VitConfig.preset("micro");
    VitConfig noBias = new VitConfig(32, 8, 1, 32, 3, 2, 3.0, false, 1e-6);
    for (VitConfig c : List.of(micro, noBias)) {
      try (VisionTransformer v = VisionTransformer.create(c, manager, 0)) {
        assertThat(VitImport.parameterNames(c)).containsExactlyElementsOf(v.namedParameters().keySet());
        v.namedParameters().forEach((n, p) ->
            assertThat(VitImport.shape(c, n)).as(n).containsExactly(p.getArray().getShape().getShape()));
      }
    }
  }

  @Test
  void timmNamesFillEveryParameterWithTheExactValuesAndHeadsAreIgnored() throws IOException {
    VitConfig c = VitConfig.preset("micro");
    try (VisionTransformer src = randomVit(c, 1)) {
      List<Safetensors.Tensor> ts = new ArrayList<>(timm(src, ""));
      ts.add(tensor("head.weight", new long[] {10, 32}, new float[320]));
      ts.add(tensor("head.bias", new long[] {10}, new float[10]));
      VitImport.Result r = read(write("timm.safetensors", ts), 2, MICRO);
      assertThat(r.naming()).isEqualTo(VitNaming.TIMM);
      assertThat(r.prefix()).isEmpty();
      assertThat(r.config()).isEqualTo(c);
      assertThat(r.weights().keySet()).containsExactlyElementsOf(src.namedParameters().keySet());
      src.namedParameters().keySet().forEach(n -> assertThat(r.weights().get(n)).as(n).containsExactly(values(src, n)));
      assertThat(r.ignored()).containsExactly("head.weight", "head.bias");
      assertThat(r.mapped()).hasSize(src.namedParameters().size())
          .allSatisfy(m -> assertThat(m.sources()).containsExactly(m.parameter()));
      assertThat(r.channelAdaptation()).isEqualTo("none (2 channels)");
      assertThat(r.posEmbedAdaptation()).isEqualTo("4x4 grid, as is");
      assertThat(r.heads()).isEqualTo("2 (preset micro)");
      assertThat(r.provenance()).containsEntry("importIgnored", "head.weight, head.bias")
          .containsEntry("importNames", "timm");
    }
  }

  @Test
  void huggingFaceNamesConcatenateQueryKeyValueInThatOrder() throws IOException {
    VitConfig c = new VitConfig(32, 8, 2, 32, 2, 2, 4.0, true, 1e-12);
    try (VisionTransformer src = randomVit(c, 2)) {
      List<Safetensors.Tensor> ts = new ArrayList<>(huggingFace(src, "vit."));
      ts.add(tensor("vit.pooler.dense.weight", new long[] {32, 32}, new float[32 * 32]));
      ts.add(tensor("classifier.weight", new long[] {5, 32}, new float[5 * 32]));
      Path f = write("hf.safetensors", ts);
      VitImport.Result r = read(f, 2, MICRO);
      assertThat(r.naming()).isEqualTo(VitNaming.HUGGING_FACE);
      assertThat(r.prefix()).isEqualTo("vit.");
      assertThat(r.config()).isEqualTo(c); // LayerNorm eps 1e-12 as Hugging Face's ViTConfig
      src.namedParameters().keySet().forEach(n -> assertThat(r.weights().get(n)).as(n).containsExactly(values(src, n)));
      assertThat(r.ignored()).containsExactlyInAnyOrder("classifier.weight", "vit.pooler.dense.weight");
      // Rows [0, D) of qkv are the query's, [D, 2D) the key's, [2D, 3D) the value's.
      float[] qkv = r.weights().get("blocks.1.attn.qkv.weight");
      try (Safetensors st = Safetensors.open(f)) {
        String layer = "vit.encoder.layer.1.attention.attention.";
        assertThat(Arrays.copyOfRange(qkv, 0, 32 * 32)).containsExactly(st.read(layer + "query.weight"));
        assertThat(Arrays.copyOfRange(qkv, 32 * 32, 2 * 32 * 32)).containsExactly(st.read(layer + "key.weight"));
        assertThat(Arrays.copyOfRange(qkv, 2 * 32 * 32, 3 * 32 * 32)).containsExactly(st.read(layer + "value.weight"));
      }
      assertThat(r.mapped()).filteredOn(m -> m.parameter().equals("blocks.0.attn.qkv.bias")).singleElement()
          .satisfies(m -> assertThat(m.sources()).containsExactly(
              "vit.encoder.layer.0.attention.attention.query.bias",
              "vit.encoder.layer.0.attention.attention.key.bias",
              "vit.encoder.layer.0.attention.attention.value.bias"));
    }
  }

  @Test
  void importedEncoderComputesWhatTheSameWeightsLoadedDirectlyCompute() throws IOException {
    VitConfig c = VitConfig.preset("micro");
    VitConfig hfConfig = new VitConfig(32, 8, 2, 32, 2, 2, 4.0, true, 1e-12);
    try (VisionTransformer src = randomVit(c, 3); VisionTransformer hfSrc = randomVit(hfConfig, 4)) {
      NDArray x = manager.randomNormal(new Shape(2, 2, 32, 48));
      for (boolean hf : new boolean[] {false, true}) {
        VisionTransformer s = hf ? hfSrc : src;
        Path f = write("f" + hf + ".safetensors", hf ? huggingFace(s, "") : timm(s, "module."));
        VitImport.Result r = read(f, 2, new VitImport.Options(null, null, 2));
        try (VisionTransformer imported = VisionTransformer.create(r.config(), manager, 99)) {
          r.copyInto(imported);
          Features a = s.forwardFeatures(x, 0);
          Features b = imported.forwardFeatures(x, 0);
          assertThat(b.cls().toFloatArray()).containsExactly(a.cls().toFloatArray());
          assertThat(b.patches().toFloatArray()).containsExactly(a.patches().toFloatArray());
          assertThat(b.taps().get(0).patches().toFloatArray()).containsExactly(a.taps().get(0).patches().toFloatArray());
        }
      }
    }
  }

  @Test
  void channelAdaptationGivesEveryChannelTheSourceSumOverTheTargetCount() throws IOException {
    // dim 1, patch area 2: source channels (1, 2), (3, 4), (5, 6) -> per position sums 9, 12, over 2.
    assertThat(VitImport.adaptChannels(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2, 2))
        .containsExactly(4.5f, 6f, 4.5f, 6f);
    // dim 2, one source channel, patch area 2: each of the 2 channels gets half.
    assertThat(VitImport.adaptChannels(new float[] {2, 4, -6, 8}, 2, 1, 2, 2))
        .containsExactly(1f, 2f, 1f, 2f, -3f, 4f, -3f, 4f);
    assertThat(VitImport.adaptChannels(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 1, 2)).containsExactly(9f, 12f);
    // An RGB model turned 2-channel answers an image whose channels are equal as the RGB model answers
    // the grey image.
    try (VisionTransformer rgb = randomVit(VitConfig.preset("micro", 32, 3), 5)) {
      Path f = write("rgb.safetensors", timm(rgb, ""));
      VitImport.Result r = read(f, 2, MICRO);
      assertThat(r.channelAdaptation()).isEqualTo("3 -> 2 channels: each the sum of the 3 source channels / 2");
      float[] w = values(rgb, "patch_embed.proj.weight"); // [32, 3, 8, 8]
      float[] a = r.weights().get("patch_embed.proj.weight"); // [32, 2, 8, 8]
      assertThat(a[0]).isEqualTo((w[0] + w[64] + w[128]) / 2, within(1e-6f));
      assertThat(a[64 + 5]).isEqualTo((w[5] + w[64 + 5] + w[128 + 5]) / 2, within(1e-6f));
      assertThat(a[3 * 128 + 64 + 7]).isEqualTo((w[3 * 192 + 7] + w[3 * 192 + 64 + 7] + w[3 * 192 + 128 + 7]) / 2,
          within(1e-6f));
      NDArray grey = manager.randomUniform(0, 1, new Shape(1, 1, 32, 32));
      try (VisionTransformer two = VisionTransformer.create(r.config(), manager, 0)) {
        r.copyInto(two);
        float[] want = rgb.forwardFeatures(grey.repeat(1, 3)).patches().toFloatArray();
        float[] got = two.forwardFeatures(grey.repeat(1, 2)).patches().toFloatArray();
        for (int i = 0; i < want.length; i++) {
          assertThat(got[i]).isEqualTo(want[i], within(1e-4f));
        }
      }
    }
  }

  @Test
  void positionEmbeddingsAreResampledToOurGridKeepingTheClsRow() throws IOException {
    try (VisionTransformer src = randomVit(VitConfig.preset("micro"), 6)) {
      float[] pos = values(src, "pos_embed"); // [1, 17, 32]
      VitImport.Result r = read(write("p.safetensors", timm(src, "")), 2, new VitImport.Options("micro", 48, null));
      assertThat(r.config().imageSize()).isEqualTo(48);
      assertThat(r.weights().get("pos_embed")).containsExactly(PosEmbed.interpolate(pos, 32, 1, 4, 4, 6, 6));
      assertThat(Arrays.copyOf(r.weights().get("pos_embed"), 32)).containsExactly(Arrays.copyOf(pos, 32));
      assertThat(r.posEmbedAdaptation()).isEqualTo("4x4 -> 6x6 grid, bicubic, CLS row kept");

      // timm's no_embed_class: no CLS row in the source; ours gets zeros.
      List<Safetensors.Tensor> ts = new ArrayList<>(without(timm(src, ""), "pos_embed"::equals));
      ts.add(tensor("pos_embed", new long[] {1, 16, 32}, Arrays.copyOfRange(pos, 32, pos.length)));
      VitImport.Result n = read(write("n.safetensors", ts), 2, MICRO);
      float[] want = pos.clone();
      Arrays.fill(want, 0, 32, 0f);
      assertThat(n.weights().get("pos_embed")).containsExactly(want);
      assertThat(n.posEmbedAdaptation()).contains("no CLS row");
    }
  }

  @Test
  void badWeightsAreRefusedNamingWhatIsWrong() throws IOException {
    try (VisionTransformer src = randomVit(VitConfig.preset("micro"), 7)) {
      List<Safetensors.Tensor> ok = timm(src, "");
      Path f = write("missing.safetensors", without(ok, n -> n.equals("blocks.1.mlp.fc2.weight")));
      expect(f, MICRO, "has no tensor for blocks.1.mlp.fc2.weight");

      f = write("hf-missing.safetensors", without(huggingFace(src, "vit."), n -> n.endsWith("0.attention.attention.key.weight")));
      expect(f, MICRO, "has no tensor for blocks.0.attn.qkv.weight (vit.encoder.layer.0.attention.attention.key.weight)");

      f = write("nocls.safetensors", without(ok, "cls_token"::equals));
      expect(f, MICRO, "has no CLS token (cls_token); ViTs without one (timm class_token=False, global average "
          + "pooling) are not supported");

      List<Safetensors.Tensor> scaled = new ArrayList<>(ok);
      scaled.add(tensor("blocks.0.ls1.gamma", new long[] {32}, new float[32]));
      expect(write("ls.safetensors", scaled), MICRO, "has tensors the encoder has no place for: blocks.0.ls1.gamma");

      f = write("ok.safetensors", ok);
      expect(f, new VitImport.Options("vit-s", null, null),
          "does not match preset vit-s: dim 32 (weights) vs 384 (preset), depth 2 (weights) vs 12 (preset), "
              + "patch 8 (weights) vs 16 (preset), MLP width 128 (weights) vs 1536 (preset)");
      expect(f, VitImport.Options.inferred(), "has dim 32, for which there is no usual number of attention heads");
      expect(f, new VitImport.Options(null, null, 3), "does not make an encoder here: dim must be a multiple of heads");
      assertThat(read(f, 2, new VitImport.Options(null, null, 4)).config().heads()).isEqualTo(4);

      List<Safetensors.Tensor> wrong = new ArrayList<>(without(ok, "norm.bias"::equals));
      wrong.add(tensor("norm.bias", new long[] {16}, new float[16]));
      expect(write("shape.safetensors", wrong), MICRO, "tensor norm.bias has shape [16]; expected [32]");

      expect(write("other.safetensors", List.of(tensor("fc.weight", new long[] {2, 2}, new float[4]))), MICRO,
          "has no ViT patch embedding");
    }
    assertThat(VitImport.usualHeads(192)).isEqualTo(3);
    assertThat(VitImport.usualHeads(384)).isEqualTo(6);
    assertThat(VitImport.usualHeads(768)).isEqualTo(12);
  }

  private void expect(Path f, VitImport.Options o, String problem) {
    assertThatThrownBy(() -> read(f, 2, o)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(f + ": " + problem);
  }
}
