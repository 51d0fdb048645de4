package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aoissl.data.Sample;
import org.aoissl.model.VitConfig;
import org.aoissl.model.VitImport;
import org.aoissl.model.VitNaming;
import org.aoissl.pretrain.EncoderImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl import}: an encoder checkpoint from published ViT weights (the generic-backbone control). */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Make an encoder checkpoint from pre-trained ViT weights in a safetensors file (timm or Hugging Face "
          + "ViTModel names), for embed, bank and segment: the generic pre-trained backbone control.",
      "The patch embedding is adapted to the data's channel count, position embeddings are resampled to "
          + "--image-size, classifier and pooling heads are ignored; the normalisation is computed from --data."
    })
public final class ImportCommand implements Callable<Integer> {
  @Option(names = "--safetensors", required = true, paramLabel = "FILE", description = "Weights to import.")
  Path safetensors;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Images the encoder will see (a dataset folder, or a split root whose pretrain/ folder is "
          + "used): their channel count and normalisation.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file to write.")
  Path out;

  @Option(names = "--model", paramLabel = "PRESET", description = "Check the weights against a preset ("
      + "aoi-t, vit-ti, vit-s, micro) and take its number of heads (default: read the architecture from the "
      + "weights).")
  String model;

  @Option(names = "--image-size", paramLabel = "N", description = "Training image size the position embeddings "
      + "are resampled to (default: the source's).")
  Integer imageSize;

  @Option(names = "--heads", description = "Attention heads (default: the preset's, else 3/6/12/16 for dim "
      + "192/384/768/1024).")
  Integer heads;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (model != null && !VitConfig.PRESETS.contains(model)) {
      throw new IllegalArgumentException("unknown model preset '" + model + "'; known: "
          + String.join(", ", VitConfig.PRESETS));
    }
    List<Sample> samples = PretrainCommand.images(data, dataArgs.options());
    EncoderImport.Result r = EncoderImport.run(DatasetArgs.abs(safetensors),
        new VitImport.Options(model, imageSize, heads), samples, DatasetArgs.abs(out),
        PretrainCommand.provenance(samples));
    print(r, samples.size());
    return 0;
  }

  private void print(EncoderImport.Result r, int images) {
    PrintWriter pw = spec.commandLine().getOut();
    VitImport.Result w = r.weights();
    VitConfig c = w.config();
    pw.printf(Locale.ROOT, "imported %s (%s names%s, sha256 %s) into %s%n", safetensors.getFileName(),
        w.naming().label(), w.prefix().isEmpty() ? "" : ", prefix " + w.prefix(), r.sha256().substring(0, 16),
        r.checkpoint());
    pw.printf(Locale.ROOT, "  encoder      dim %d, depth %d, heads %s, patch %d, image %d, %d channels, %s, "
        + "LayerNorm eps %.0e%n", c.dim(), c.depth(), w.heads(), c.patchSize(), c.imageSize(), c.channels(),
        c.qkvBias() ? "qkv bias" : "no qkv bias", c.layerNormEps());
    int tensors = w.mapped().stream().mapToInt(m -> m.sources().size()).sum();
    pw.printf(Locale.ROOT, "  mapped       %d parameters from %d tensors%s%n", w.mapped().size(), tensors,
        w.naming() == VitNaming.HUGGING_FACE ? " (query, key, value concatenated into qkv)" : "");
    pw.printf(Locale.ROOT, "  ignored      %s%n", w.ignored().isEmpty() ? "none" : String.join(", ", w.ignored()));
    pw.printf(Locale.ROOT, "  channels     %s%n", w.channelAdaptation());
    pw.printf(Locale.ROOT, "  positions    %s%n", w.posEmbedAdaptation());
    pw.printf(Locale.ROOT, "  normalised   mean %s, std %s (sampled from the %d images)%n",
        Arrays.toString(r.normalization().mean()), Arrays.toString(r.normalization().std()), images);
    pw.flush();
  }
}
