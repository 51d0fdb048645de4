package org.aoissl.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.Resize;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.model.FeatureFile;
import org.aoissl.model.TiledFeatures;
import org.aoissl.model.VisionTransformer;
import org.aoissl.pretrain.EncoderCheckpoint;
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

  /** Resizes to a size the encoder takes: {@code size} if given, else the largest patch multiple. */
  static AoiImage fit(AoiImage img, Integer size, int patch) {
    int h = size != null ? size : img.height() / patch * patch;
    int w = size != null ? size : img.width() / patch * patch;
    return Resize.image(img, h, w);
  }

  @Override
  public Integer call() throws IOException {
    Path ck = DatasetArgs.abs(ckpt);
    EncoderCheckpoint st = EncoderCheckpoint.read(ck);
    List<Sample> samples = new ArrayList<>();
    for (Dataset d : DatasetLayouts.openAll(DatasetArgs.abs(data), dataArgs.options())) {
      d.requireNoProblems();
      samples.addAll(d.samples());
    }
    int patch = st.vit().patchSize();
    int dim = st.vit().dim();
    int channels = st.vit().channels();
    String encoder = ck.getFileName() + "@" + FormatUtil.checksum(ck);
    int t = Math.max(patch, tile / patch * patch);
    int overlap = t / 8 / patch * patch;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager();
        Progress p = Progress.start("embed", samples.size())) {
      VisionTransformer vit = st.encoder(m);
      try {
        FeatureFile.write(out, encoder, dim, samples.size(), sink -> {
          for (Sample s : samples) {
            AoiImage img = fit(Dataset.readImage(s), imageSize, patch);
            if (img.channels() != channels) {
              throw new BadInputException(s.imageFiles().get(0),
                  "has " + img.channels() + " channels; the encoder takes " + channels);
            }
            float[] x = st.normalization().apply(img);
            TiledFeatures.Result f = TiledFeatures.forward(vit, img.withData(x), t, overlap, m);
            sink.write(new FeatureFile.Entry(s.id(), s.device(), f.gridH(), f.gridW(), f.cls(), f.patches()));
            p.step();
          }
        });
      } finally {
        vit.close();
      }
    }
    spec.commandLine().getOut().printf("wrote features of %d images (dim %d, encoder %s) to %s%n",
        samples.size(), dim, encoder, out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
