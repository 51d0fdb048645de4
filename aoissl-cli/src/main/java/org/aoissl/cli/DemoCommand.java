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
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
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
      "Running it again continues where it stopped (finished stages are reused)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--minutes", defaultValue = "7", description = "Overall budget; pre-training gets 35 %%, each of "
      + "the five training runs (ViT fine-tunes from MAE and from scratch, the U-Net baseline, and both on the new "
      + "device) 8 %% (default: ${DEFAULT-VALUE}).")
  double minutes;

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
        List.of(1, 5), List.of(1), true, model, imageSize, 8, 0.35 * minutes, 0.08 * minutes, finetuneSize, 4, seed, null);
    long t0 = System.nanoTime();
    Experiment.Outcome o;
    try (ConsoleListener console = new ConsoleListener(spec.commandLine().getErr())) {
      o = Experiment.run(root, dir.resolve("work"), cfg, console);
    }
    ExperimentOutput.write(o, dir, "AOI-SSL demo", "aoissl " + String.join(" ",
        spec.commandLine().getParseResult().originalArgs()));
    pw.println();
    pw.println(ExperimentOutput.summary(o.results()));
    pw.printf("demo finished in %.1f min; open %s%n", (System.nanoTime() - t0) / 60e9, dir.resolve("report.html"));
    Path bank = dir.resolve("work/bank-mae.bank");
    if (Files.isRegularFile(bank)) {
      pw.printf("review and teach its bank in a browser: ./aoissl serve --bank demo=%s%n", bank);
    }
    pw.flush();
    return 0;
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
