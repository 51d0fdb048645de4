package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.experiment.Experiment;
import org.aoissl.experiment.ExperimentConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aoissl experiment}: the paper's four tables on a labeled split root. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {ExperimentTransferCommand.class},
    description = {
      "Regenerate the paper-style tables on a split root (pretrain/, train/, test/): pre-training method x downstream "
          + "under one budget, retrieval aggregator x shots, new-device adaptation (bank add vs fine-tuning), and "
          + "the wall-clock of every stage.",
      "Writes results.json, results.md and report.html to --out; checkpoints to --out/work (a finished stage is "
          + "reused, an interrupted one resumed, when the same command runs again)."
    })
public final class ExperimentCommand implements Callable<Integer> {
  // Not required=true: picocli would then ask for them before the transfer subcommand too.
  @Option(names = "--data", paramLabel = "DIR", description = "Split root (e.g. from aoissl synth); required.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder; required.")
  Path out;

  @Option(names = "--device", defaultValue = "d00", description = "Support device (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--new-device", defaultValue = "d01", description = "Device for adaptation, or none (default: ${DEFAULT-VALUE}).")
  String newDevice;

  @Option(names = "--methods", split = ",", defaultValue = "mae,dino,ibot", description = "Pre-training methods; the "
      + "first is the encoder of tables 2 and 3 (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--support", defaultValue = "5", description = "Support images behind table 1 (default: ${DEFAULT-VALUE}).")
  int support;

  @Option(names = "--shots", split = ",", defaultValue = "1,5,10,0", description = "Support sizes of table 2, 0 = all "
      + "(default: ${DEFAULT-VALUE}).")
  List<Integer> shots;

  @Option(names = "--adds", split = ",", defaultValue = "1,2,5", description = "New-device images added, cumulatively "
      + "(default: ${DEFAULT-VALUE}).")
  List<Integer> adds;

  @Option(names = "--pretrain-minutes", defaultValue = "10", description = "Budget of each pre-training method (default: ${DEFAULT-VALUE}).")
  double pretrainMinutes;

  @Option(names = "--finetune-minutes", defaultValue = "3", description = "Budget of each fine-tuning run (default: ${DEFAULT-VALUE}).")
  double finetuneMinutes;

  @Option(names = "--model", defaultValue = "aoi-t", description = "ViT preset (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--image-size", defaultValue = "224", description = "Pre-training crop size (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--batch", defaultValue = "8", description = "Pre-training batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--finetune-size", defaultValue = "128", description = "Fine-tuning crop size (default: ${DEFAULT-VALUE}).")
  int finetuneSize;

  @Option(names = "--test-images", defaultValue = "8", description = "Test images per device at most, 0 = all (default: ${DEFAULT-VALUE}).")
  int testImages;

  @Option(names = "--no-variants", negatable = false, description = "Skip the shifted-grid and refinement rows.")
  boolean noVariants;

  @Option(names = "--generic", paramLabel = "CKPT", description = "A generic pre-trained encoder (aoissl import) "
      + "compared as one more row of table 1, without pre-training.")
  Path generic;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (data == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '"
          + (data == null ? "--data=DIR" : "--out=DIR") + "'");
    }
    ExperimentConfig cfg = new ExperimentConfig(device, newDevice.equals("none") ? null : newDevice, methods, support,
        shots, adds, !noVariants, model, imageSize, batch, pretrainMinutes, finetuneMinutes, finetuneSize, testImages,
        seed, generic == null ? null : DatasetArgs.abs(generic).toString());
    Path dir = DatasetArgs.abs(out);
    Experiment.Outcome o;
    try (ConsoleListener console = new ConsoleListener(spec.commandLine().getErr())) {
      o = Experiment.run(DatasetArgs.abs(data), dir.resolve("work"), cfg, console);
    }
    ExperimentOutput.write(o, dir, "AOI-SSL experiment", "aoissl " + String.join(" ", spec.commandLine().getParseResult()
        .originalArgs()));
    PrintWriter pw = spec.commandLine().getOut();
    pw.println(ExperimentOutput.summary(o.results()));
    pw.printf("wrote %s, %s and %s%n", dir.resolve("results.json"), dir.resolve("results.md"),
        dir.resolve("report.html"));
    pw.flush();
    return 0;
  }
}
