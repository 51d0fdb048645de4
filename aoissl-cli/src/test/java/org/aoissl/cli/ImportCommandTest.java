package org.aoissl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.model.FeatureFile;
import org.aoissl.model.Safetensors;
import org.aoissl.model.VisionTransformer;
import org.aoissl.model.VitConfig;
import org.aoissl.model.VitImport;
import org.aoissl.pretrain.EncoderImport;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.retrieval.PatchEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aoissl import end to end: an RGB micro ViT under timm names into a checkpoint embed and bank build take. */
class ImportCommandTest {
  @TempDir static Path data;
  @TempDir Path dir;

  /** The source weights: a 3-channel micro ViT, every parameter random, plus a classifier head. */
  static Map<String, float[]> source = new java.util.LinkedHashMap<>();
  static List<Safetensors.Tensor> tensors = new ArrayList<>();

  @BeforeAll
  static void prepare() {
    CliRun s = CliRun.of("synth", "--out", data.resolve("s").toString(), "--devices", "2", "--per-device", "5",
        "--unlabeled", "8", "--size", "64", "--seed", "4");
    assertThat(s.code()).as(s.err()).isZero();
    SplittableRandom r = new SplittableRandom(11);
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        VisionTransformer rgb = VisionTransformer.create(VitConfig.preset("micro", 32, 3), m, 0)) {
      for (Map.Entry<String, Parameter> e : rgb.namedParameters().entrySet()) {
        float[] x = new float[(int) e.getValue().getArray().size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextDouble(-0.5, 0.5);
        }
        source.put(e.getKey(), x);
        tensors.add(new Safetensors.Tensor(e.getKey(), "F32", e.getValue().getArray().getShape().getShape(), x));
      }
    }
    tensors.add(new Safetensors.Tensor("head.weight", "F32", new long[] {3, 32}, new float[96]));
    tensors.add(new Safetensors.Tensor("head.bias", "F32", new long[] {3}, new float[3]));
  }

  private Path weights(List<Safetensors.Tensor> ts) throws IOException {
    Path f = dir.resolve("vit_micro.safetensors");
    Safetensors.write(f, Map.of("format", "pt"), ts);
    return f;
  }

  private static String images() {
    return data.resolve("s").toString();
  }

  @Test
  void importedCheckpointIsAcceptedByLoadEncoderEmbedAndBankBuild() throws Exception {
    Path f = weights(tensors);
    Path ckpt = dir.resolve("imported.ckpt");
    CliRun run = CliRun.of("import", "--safetensors", f.toString(), "--data", images(), "--out", ckpt.toString(),
        "--model", "micro");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("imported vit_micro.safetensors (timm names, sha256 ")
        .contains("encoder      dim 32, depth 2, heads 2 (preset micro), patch 8, image 32, 2 channels")
        .contains("mapped       30 parameters from 30 tensors")
        .contains("ignored      head.weight, head.bias")
        .contains("channels     3 -> 2 channels: each the sum of the 3 source channels / 2")
        .contains("positions    4x4 grid, as is");

    PretrainState st = PretrainCheckpoint.load(ckpt).state();
    assertThat(st.method()).isEqualTo(EncoderImport.METHOD);
    assertThat(st.config()).isNull();
    assertThat(st.mae()).isNull();
    assertThat(st.vit()).isEqualTo(VitConfig.preset("micro", 32, 2));
    assertThat(st.mean()).hasSize(2);
    assertThat(st.provenance()).containsEntry("source", "vit_micro.safetensors")
        .containsEntry("sourceSha256", EncoderImportSha.of(f))
        .containsEntry("importIgnored", "head.weight, head.bias")
        .containsKeys("dataHash", "code", "importChannels", "importPosEmbed");

    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        VisionTransformer vit = PretrainCheckpoint.loadEncoder(ckpt, m)) {
      Map<String, Parameter> p = vit.namedParameters();
      assertThat(p.get("blocks.1.attn.qkv.weight").getArray().toFloatArray())
          .containsExactly(source.get("blocks.1.attn.qkv.weight"));
      assertThat(p.get("pos_embed").getArray().toFloatArray()).containsExactly(source.get("pos_embed"));
      assertThat(p.get("patch_embed.proj.weight").getArray().toFloatArray())
          .containsExactly(VitImport.adaptChannels(source.get("patch_embed.proj.weight"), 32, 3, 2, 64));
    }

    Dataset test = DatasetLayouts.open(data.resolve("s/test"), DatasetOptions.DEFAULT);
    try (PatchEncoder enc = PatchEncoder.open(ckpt)) {
      PatchEncoder.Encoded e = enc.encode(Dataset.readImage(test.samples().get(0)));
      assertThat(e.gridH()).isEqualTo(8);
      assertThat(e.patches()).hasSize(8 * 8 * 32).doesNotContain(Float.NaN);
    }
    Path feats = dir.resolve("f.feat");
    CliRun embed = CliRun.of("embed", "--ckpt", ckpt.toString(), "--data", data.resolve("s/test").toString(),
        "--out", feats.toString());
    assertThat(embed.code()).as(embed.err()).isZero();
    assertThat(FeatureFile.read(feats).entries()).hasSize(test.samples().size());
    Path bank = dir.resolve("b.bank");
    CliRun b = CliRun.of("bank", "build", "--ckpt", ckpt.toString(), "--support", data.resolve("s/train").toString(),
        "--out", bank.toString());
    assertThat(b.code()).as(b.err()).isZero();

    CliRun resume = CliRun.of("pretrain", "--data", images(), "--out", ckpt.toString(), "--model", "micro",
        "--image-size", "32", "--steps", "1", "--resume");
    assertThat(resume.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(resume.err()).contains("holds an encoder made by import, not a pre-training run");
  }

  @Test
  void badInputIsOneLineExitCodeTwoAndNothingWritten() throws IOException {
    Path ckpt = dir.resolve("x.ckpt");
    Path garbage = dir.resolve("garbage.safetensors");
    Files.writeString(garbage, "PK not a safetensors file at all");
    CliRun bad = CliRun.of("import", "--safetensors", garbage.toString(), "--data", images(), "--out", ckpt.toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err().strip()).startsWith("error: " + garbage + ": not a safetensors file: header length")
        .doesNotContain("\n");

    Path f = weights(tensors.stream().filter(t -> !t.name().equals("blocks.1.mlp.fc2.weight")).toList());
    CliRun missing = CliRun.of("import", "--safetensors", f.toString(), "--data", images(), "--out", ckpt.toString(),
        "--model", "micro");
    assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err().strip()).isEqualTo("error: " + f + ": has no tensor for blocks.1.mlp.fc2.weight");

    CliRun preset = CliRun.of("import", "--safetensors", weights(tensors).toString(), "--data", images(), "--out",
        ckpt.toString(), "--model", "vit-s");
    assertThat(preset.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(preset.err()).contains("does not match preset vit-s: dim 32 (weights) vs 384 (preset)");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "garbage.safetensors", "vit_micro.safetensors");
    }
  }

  /** The SHA-256 of a file, computed here independently of the code under test. */
  private static final class EncoderImportSha {
    static String of(Path f) throws Exception {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
      return java.util.HexFormat.of().formatHex(d);
    }
  }
}
