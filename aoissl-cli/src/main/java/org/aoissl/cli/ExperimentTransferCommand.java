package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.experiment.TransferExperiment;
import org.aoissl.io.FormatUtil;
import org.aoissl.retrieval.PatchEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl experiment transfer}: the cross-device transfer table on a split root. */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "The cross-device transfer table on a split root with train/ and test/ (e.g. from aoissl synth transfer): "
          + "from --shots labeled images of --support, retrieval (built and tuned under shifts), retrieval + the "
          + "learned refiner, and the refiner's small U-Net on the images alone in the same --seconds, scored "
          + "(mIoU) on the test images of every device; then --adds labeled images of --new-device added (bank "
          + "add, refiner reused; the U-Net retrained for --seconds).",
      "Prints the tables and writes them to --out/transfer.md. Takes about 2·--seconds plus a minute on 2 cores "
          + "with the defaults."
    })
public final class ExperimentTransferCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Split root with train/ and test/.")
  Path data;

  @Option(names = "--ckpt", required = true, description = "Encoder checkpoint (pretrain or import).")
  Path ckpt;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--support", defaultValue = "a", description = "Support device (default: ${DEFAULT-VALUE}).")
  String support;

  @Option(names = "--shots", defaultValue = "5", description = "Labeled support images (default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(names = "--seconds", defaultValue = "60", description = "Training wall clock of the refiner and of each "
      + "U-Net (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--new-device", defaultValue = "b", description = "Device to adapt to, or none (default: "
      + "${DEFAULT-VALUE}).")
  String newDevice;

  @Option(names = "--adds", defaultValue = "2", description = "Labeled images of the new device added "
      + "(default: ${DEFAULT-VALUE}).")
  int adds;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path root = DatasetArgs.abs(data);
    TransferExperiment.Config cfg = new TransferExperiment.Config(support, shots, seconds,
        newDevice.equals("none") ? null : newDevice, adds, seed);
    LabeledSet train = LabeledSet.load(root.resolve("train"), dataArgs.options(), null, 0, false);
    dataArgs.reportSkipped(root.resolve("train"), train.skipped());
    LabeledSet test = LabeledSet.load(root.resolve("test"), dataArgs.options(), null, 0, false);
    dataArgs.reportSkipped(root.resolve("test"), test.skipped());
    List<Example> testImages = test.examples();
    Path dir = DatasetArgs.abs(out);
    TransferExperiment.Result r;
    try (PatchEncoder enc = PatchEncoder.open(DatasetArgs.abs(ckpt));
        TrainProgress console = new TrainProgress("train", spec.commandLine().getErr())) {
      r = TransferExperiment.run(enc, train.examples(), testImages, train.classes(), cfg, dir.resolve("work"), console);
    }
    String md = "mIoU over " + String.join(", ", train.classes().names()) + "; " + shots + " labeled images of "
        + support + ", " + seconds + " s of training per trained path.\n\n" + r.markdown();
    Files.createDirectories(dir);
    byte[] bytes = md.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FormatUtil.writeAtomically(dir.resolve("transfer.md"), o -> o.write(bytes));
    PrintWriter pw = spec.commandLine().getOut();
    pw.print(md);
    pw.printf("wrote %s%n", dir.resolve("transfer.md"));
    pw.flush();
    return 0;
  }
}
