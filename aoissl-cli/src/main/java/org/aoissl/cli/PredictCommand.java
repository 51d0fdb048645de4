package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.Sample;
import org.aoissl.data.SkippedInput;
import org.aoissl.finetune.SegPredictor;
import org.aoissl.inspect.PredictionFolder;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl predict}: masks for new images from a fine-tuned model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Segment images with a fine-tuned model (aoissl finetune); writes label maps, per-class masks and "
        + "colour overlays, as segment does.")
public final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Fine-tuning checkpoint.")
  Path model;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Images to segment (labels, if "
      + "present, are not used).")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New output folder: labels/, masks/, "
      + "overlays/.")
  Path out;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Every image under {@code dir}, by id; inputs the listing left out are reported (see {@link DatasetArgs}). */
  static List<Sample> samples(Path dir, DatasetArgs args) throws IOException {
    List<Sample> samples = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    for (Dataset d : DatasetLayouts.openAll(DatasetArgs.abs(dir), args.options())) {
      samples.addAll(d.samples());
      skipped.addAll(d.skipped());
    }
    args.reportSkipped(dir, skipped);
    samples.sort(Comparator.comparing(Sample::id));
    if (samples.isEmpty()) {
      throw new BadInputException(DatasetArgs.abs(dir), "holds no images");
    }
    return samples;
  }

  @Override
  public Integer call() throws IOException {
    List<Sample> samples = samples(images, dataArgs);
    long[] nanos = new long[1];
    try (SegPredictor p = SegPredictor.open(DatasetArgs.abs(model))) {
      StagedDirectory.write(DatasetArgs.abs(out), dir -> {
        PredictionFolder.create(dir);
        try (Progress bar = Progress.start("predict", samples.size())) {
          for (Sample s : samples) {
            AoiImage img = Dataset.readImage(s);
            if (img.channels() != p.channels()) {
              throw new BadInputException(s.imageFiles().get(0), "has " + img.channels() + " channels; the model "
                  + "takes " + p.channels());
            }
            SegPredictor.Prediction pr = p.predict(img);
            PredictionFolder.write(dir, s.id(), img, pr.mask(), p.classes());
            nanos[0] += pr.nanos();
            bar.step();
          }
        }
        return null;
      });
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("segmented %d images into %s (%.1f ms per image)%n", samples.size(), DatasetArgs.abs(out),
        nanos[0] / 1e6 / samples.size());
    o.flush();
    return 0;
  }
}
