package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.LabeledSet;
import org.aoissl.data.Sample;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.augment.Augmented;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainState;
import org.aoissl.pretrain.mae.ReconstructionScore;
import org.aoissl.pretrain.mae.Reconstructions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl reconstruct}: a PNG of an MAE checkpoint's reconstructions of masked images. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
    description = "Write a PNG grid of input / masked / reconstruction for a few images, per channel.")
public final class ReconstructCommand implements Callable<Integer> {
  @Option(names = "--ckpt", required = true, description = "MAE checkpoint.")
  Path ckpt;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Images (a split root's pretrain/ is used).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "PNG", description = "Picture to write.")
  Path out;

  @Option(names = "--count", defaultValue = "4", description = "Images (rows) (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--native", description = "Show a crop of the model's input size at the image's own resolution "
      + "(from the upper-left third, where wires fan out) instead of the whole image resized; for models trained "
      + "on native-resolution crops (pretrain --crop-scale).")
  boolean nativeCrop;

  @Option(names = "--score", paramLabel = "DIR", description = "Also score the reconstructions of the labeled images "
      + "in DIR: per class, the share of its contrast put back in removed patches (1 = full, 0 = flat). With --native "
      + "each image gives its four corner crops at its own resolution, else the whole image resized.")
  Path score;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<Sample> samples = PretrainCommand.images(data, dataArgs.options());
    List<AoiImage> images = new ArrayList<>();
    int stride = Math.max(1, samples.size() / Math.max(1, count));
    for (int i = 0; i < samples.size() && images.size() < count; i += stride) {
      images.add(Dataset.readImage(samples.get(i)));
    }
    PretrainCheckpoint.Loaded loaded = PretrainCheckpoint.load(DatasetArgs.abs(ckpt));
    PretrainState st = loaded.state();
    if (nativeCrop) {
      int s = st.vit().imageSize();
      images = images.stream().map(img -> Reconstructions.nativeView(img, s)).toList();
    }
    // Labels are read before anything is written, so bad labels leave no picture behind.
    LabeledSet set = score == null ? null : LabeledSet.load(DatasetArgs.abs(score), dataArgs.options(), null, 0);
    ImageCodec.writeRgb(out, Reconstructions.render(DatasetArgs.abs(ckpt), loaded, images, seed));
    java.io.PrintWriter console = spec.commandLine().getOut();
    console.printf("wrote %s (%d images, step %d of %s)%n", out, images.size(), st.step(), ckpt);
    if (set != null) {
      List<Augmented> crops = Reconstructions.scoringCrops(set.examples(), st.vit().imageSize(), nativeCrop);
      List<ReconstructionScore.ClassScore> scores = Reconstructions.score(DatasetArgs.abs(ckpt), loaded, crops,
          set.classes(), seed);
      console.printf("contrast recovered in removed patches (%d %s, mask ratio %.2f):%n", crops.size(),
          nativeCrop ? "native crops" : "images", st.mae().maskRatio());
      for (ReconstructionScore.ClassScore c : scores) {
        console.printf("  %-8s %6.3f  (%d patches)%n", c.name(), c.recovery(), c.patches());
      }
    }
    console.flush();
    return 0;
  }
}
