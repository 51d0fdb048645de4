package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.Sample;
import org.aoissl.data.ImageCodec;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.pretrain.PretrainState;
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
      images = images.stream().map(img -> RandomResizedCrop.cropResize(img, null, Math.max(0, (img.height() - s) / 3),
          Math.max(0, (img.width() - s) / 3), Math.min(s, img.height()), Math.min(s, img.width()), s, s).image())
          .toList();
    }
    ImageCodec.writeRgb(out, Reconstructions.render(DatasetArgs.abs(ckpt), loaded, images, seed));
    spec.commandLine().getOut().printf("wrote %s (%d images, step %d of %s)%n", out, images.size(), st.step(), ckpt);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
