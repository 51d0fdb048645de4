package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.Sample;
import org.aoissl.embed.ImageEmbedding;
import org.aoissl.model.FeatureFile;
import org.aoissl.retrieval.PatchEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code aoissl embed}: CLS and patch features of every image under DIR, from a checkpoint's encoder. */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Write the encoder's CLS and patch features of every image (input to retrieval).")
public final class EmbedCommand implements Callable<Integer> {
  @Option(names = "--ckpt", required = true, description = "Pre-training checkpoint.")
  Path ckpt;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder or split root (all images).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Feature file to write.")
  Path out;

  @Option(names = "--image-size", description = "Resize images to this square size (default: their own size, "
      + "cut down to a multiple of the patch size).")
  Integer imageSize;

  @Option(names = "--tile", defaultValue = "1024", description = "Images larger than this many pixels on a side "
      + "are encoded in overlapping tiles of this size, so memory stays bounded (default: ${DEFAULT-VALUE}).")
  int tile;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path ck = DatasetArgs.abs(ckpt);
    List<Sample> samples = new ArrayList<>();
    for (Dataset d : DatasetLayouts.openAll(DatasetArgs.abs(data), dataArgs.options())) {
      d.requireNoProblems();
      samples.addAll(d.samples());
    }
    int dim;
    String encoder;
    try (PatchEncoder enc = PatchEncoder.open(ck, tile);
        Progress p = Progress.start("embed", samples.size())) {
      dim = enc.dim();
      encoder = ImageEmbedding.encoderName(enc);
      FeatureFile.write(out, encoder, dim, samples.size(), sink -> {
        for (Sample s : samples) {
          sink.write(ImageEmbedding.of(enc, s, imageSize));
          p.step();
        }
      });
    }
    spec.commandLine().getOut().printf("wrote features of %d images (dim %d, encoder %s) to %s%n",
        samples.size(), dim, encoder, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
