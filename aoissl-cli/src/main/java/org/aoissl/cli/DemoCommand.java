package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.LabelEncoding;
import org.aoissl.experiment.Experiment;
import org.aoissl.experiment.ExperimentConfig;
import org.aoissl.experiment.TransferExperiment;
import org.aoissl.experiment.TransferReport;
import org.aoissl.io.FormatUtil;
import org.aoissl.synth.DieLook;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.synth.TransferConfig;
import org.aoissl.synth.TransferDatasetWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aoissl demo}: the whole method on a fresh machine in minutes — synthetic data, MAE pre-training,
 * a memory bank from five labeled images, segmentation with each aggregator, a fine-tuned baseline under
 * the same kind of budget, a new device, and {@code report.html}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Run the whole method on synthetic wire-bond data (or --data) within --minutes: pre-train MAE, build a bank "
          + "from 5 labeled images, segment with each aggregator, fine-tune baselines (MAE and scratch), adapt to "
          + "a new device, evaluate, and write report.html, results.md and results.json to --out.",
      "Then the transfer table: from 5 labeled images of one package, retrieval, retrieval + the learned refiner "
          + "and a small U-Net are scored on other units, another leadframe, another magnification, another "
          + "lighting and two other package types, and 2 images of a new package are added (transfer.md).",
      "Running it again continues where it stopped (finished stages are reused)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--minutes", defaultValue = "9", description = "Overall budget; pre-training gets 30 %%, each of "
      + "the five training runs (ViT fine-tunes from MAE and from scratch, the U-Net baseline, and both on the new "
      + "device) 6 %%, and each of the transfer table's three (refiner, U-Net, U-Net retrained) 6 %% (default: "
      + "${DEFAULT-VALUE}).")
  double minutes;

  @Option(names = "--transfer-data", paramLabel = "DIR", description = "Split root for the transfer table (as "
      + "aoissl synth transfer writes; devices a and b needed). Default: generated, unless --data is given (then "
      + "the table is left out).")
  Path transferData;

  @Option(names = "--data", paramLabel = "DIR", description = "Your own split root (pretrain/, train/, test/) "
      + "instead of synthetic data.")
  Path data;

  @Option(names = "--device", defaultValue = "d00", description = "Support device (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--new-device", defaultValue = "d01", description = "Device for adaptation, or none (default: ${DEFAULT-VALUE}).")
  String newDevice;

  @Option(names = "--model", defaultValue = "aoi-t", description = "ViT preset (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--image-size", defaultValue = "224", description = "Pre-training crop size (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--finetune-size", defaultValue = "128", description = "Fine-tuning crop size (default: ${DEFAULT-VALUE}).")
  int finetuneSize;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!(minutes > 0)) {
      throw new IllegalArgumentException("--minutes must be > 0; got " + minutes);
    }
    Path dir = DatasetArgs.abs(out);
    PrintWriter pw = spec.commandLine().getOut();
    Path root = data != null ? DatasetArgs.abs(data) : synthesize(dir.resolve("data"), pw);
    ExperimentConfig cfg = new ExperimentConfig(device, newDevice.equals("none") ? null : newDevice, List.of("mae"), 5,
        List.of(1, 5), List.of(1), true, model, imageSize, 8, 0.30 * minutes, 0.06 * minutes, finetuneSize, 4, seed, null);
    long t0 = System.nanoTime();
    Experiment.Outcome o;
    try (ConsoleListener console = new ConsoleListener(spec.commandLine().getErr())) {
      o = Experiment.run(root, dir.resolve("work"), cfg, console);
    }
    Path transferRoot = transferData != null ? DatasetArgs.abs(transferData)
        : data == null ? synthesizeTransfer(dir.resolve("data-transfer"), pw) : null;
    TransferExperiment.Result transfer = null;
    if (transferRoot != null && o.checkpoints().get("mae") != null) {
      transfer = DemoTransfer.run(transferRoot, o.checkpoints().get("mae"), dir.resolve("work/transfer"),
          0.06 * minutes * 60, seed, spec.commandLine().getErr());
      byte[] md = DemoTransfer.markdown(transfer).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      FormatUtil.writeAtomically(dir.resolve("transfer.md"), out -> out.write(md));
    }
    ExperimentOutput.write(o, dir, "AOI-SSL demo", "aoissl " + String.join(" ",
        spec.commandLine().getParseResult().originalArgs()), transfer == null ? List.of()
            : TransferReport.sections(transfer, DemoTransfer.SHOTS + " labeled images of a", DemoTransfer.DEVICES));
    pw.println();
    pw.println(ExperimentOutput.summary(o.results()));
    if (transfer != null) {
      pw.println();
      pw.print(DemoTransfer.markdown(transfer));
    }
    pw.printf("demo finished in %.1f min; open %s%n", (System.nanoTime() - t0) / 60e9, dir.resolve("report.html"));
    Path bank = dir.resolve("work/bank-mae.bank");
    if (Files.isRegularFile(bank)) {
      pw.printf("review and teach its bank in a browser: ./aoissl serve --bank demo=%s%n", bank);
    }
    pw.flush();
    return 0;
  }

  /** The transfer benchmark's six devices, two channels as the demo's encoder reads, once per output folder. */
  private static Path synthesizeTransfer(Path root, PrintWriter pw) throws IOException {
    if (!Files.exists(root.resolve("test"))) {
      pw.printf("generating the transfer benchmark in %s%n", root);
      pw.flush();
      TransferDatasetWriter.write(root, new TransferConfig(7, 512, 512, 1, 1.4, DieLook.DARK_DIE, 2, 8,
          LabelEncoding.BITS, DemoTransfer.SHOTS, 4, 0, Runtime.getRuntime().availableProcessors()), () -> { });
    }
    return root;
  }

  /** Two synthetic devices of 20 labeled 512² images each and 300 unlabeled ones, once per output folder. */
  private static Path synthesize(Path root, PrintWriter pw) throws IOException {
    if (!Files.exists(root.resolve("test"))) {
      pw.printf("generating synthetic wire-bond data in %s%n", root);
      pw.flush();
      SynthDatasetWriter.write(root, new SynthConfig(2, 20, 300, 512, 1, 8, LabelEncoding.BITS, 0.6, 0.2, false,
          Runtime.getRuntime().availableProcessors()), () -> { });
    }
    return root;
  }
}
