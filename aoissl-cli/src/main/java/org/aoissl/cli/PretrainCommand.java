package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import org.aoissl.data.Dataset;
import org.aoissl.data.DatasetLayouts;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.pretrain.NonFiniteLossException;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.pretrain.StepLog;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl pretrain}: self-supervised pre-training of a ViT on unlabeled AOI images. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Self-supervised pre-training (MAE) of a Vision Transformer on unlabeled images.",
      "Checkpoints are written atomically while training; --resume continues a run exactly."
    })
public final class PretrainCommand implements Callable<Integer> {
  @Option(names = "--method", defaultValue = "mae", description = "Objective: mae (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "Images: a dataset folder, or a split root whose pretrain/ folder is used.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file to write.")
  Path out;

  @Option(names = "--model", defaultValue = "aoi-t", description = "ViT preset: aoi-t, vit-ti, vit-s, micro (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--image-size", defaultValue = "224", description = "Training crop size (default: ${DEFAULT-VALUE}).")
  int imageSize;

  static final class Budget {
    @Option(names = "--epochs", description = "Passes over the data.")
    Integer epochs;

    @Option(names = "--steps", description = "Optimizer steps.")
    Long steps;

    @Option(names = "--minutes", description = "Wall-clock minutes (the schedule is fitted to the budget).")
    Double minutes;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Budget budget;

  @Option(names = "--batch", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--accum", defaultValue = "1", description = "Forward passes per optimizer step (default: ${DEFAULT-VALUE}).")
  int accum;

  @Option(names = "--blr", description = "Base learning rate, lr = blr x batch x accum / 256 (default: 5e-3).")
  Double blr;

  @Option(names = "--min-lr", defaultValue = "1e-6", description = "End of the cosine decay (default: ${DEFAULT-VALUE}).")
  double minLr;

  @Option(names = "--warmup", defaultValue = "0.05", description = "Fraction of steps in linear warm-up (default: ${DEFAULT-VALUE}).")
  double warmup;

  @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--clip-grad", defaultValue = "5.0", description = "Global gradient-norm limit, 0 for none (default: ${DEFAULT-VALUE}).")
  double clipGrad;

  @Option(names = "--mask-ratio", defaultValue = "0.75", description = "MAE mask ratio; the paper used 0.4 (default: ${DEFAULT-VALUE}).")
  double maskRatio;

  @Option(names = "--norm-pix", description = "MAE: predict per-patch normalised pixels.")
  boolean normPix;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, data order, augmentation, masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-every", defaultValue = "2", paramLabel = "MINUTES", description = "Checkpoint interval in minutes (default: ${DEFAULT-VALUE}).")
  double saveEvery;

  @Option(names = "--resume", description = "Continue the run saved in --out.")
  boolean resume;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  PretrainConfig config() {
    return new PretrainConfig(method, model, imageSize, batch, accum,
        budget.epochs == null ? 0 : budget.epochs, budget.steps == null ? 0 : budget.steps,
        budget.minutes == null ? 0 : budget.minutes, blr == null ? PretrainConfig.DEFAULT_BLR : blr, minLr,
        warmup, weightDecay, clipGrad, maskRatio, normPix, seed, saveEvery);
  }

  /** The pre-training images under DIR: its pretrain/ split when it has one, else every image found. */
  public static List<Sample> images(Path dir, DatasetOptions options) throws IOException {
    List<Dataset> all = DatasetLayouts.openAll(DatasetArgs.abs(dir), options);
    List<Dataset> use = all.stream().filter(d -> d.root().getFileName().toString().equals("pretrain")).toList();
    List<Sample> out = new ArrayList<>();
    for (Dataset d : use.isEmpty() ? all : use) {
      d.requireNoProblems();
      out.addAll(d.samples());
    }
    if (out.isEmpty()) {
      throw new BadInputException(DatasetArgs.abs(dir), "empty dataset: no images to pre-train on");
    }
    return out;
  }

  static Map<String, String> provenance(List<Sample> samples) {
    CRC32 crc = new CRC32();
    for (Sample s : samples) {
      for (Path f : s.imageFiles()) {
        crc.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        crc.update(Long.toString(f.toFile().length()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("images", Integer.toString(samples.size()));
    p.put("dataHash", String.format("%08x", crc.getValue()));
    p.put("code", "aoissl " + VersionCommand.aoisslVersion());
    p.put("started", Instant.now().toString());
    try {
      p.put("host", InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      p.put("host", "unknown");
    }
    return p;
  }

  @Override
  public Integer call() throws IOException {
    PretrainConfig cfg = config();
    List<Sample> samples = images(data, dataArgs.options());
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("%s %s on %d images, %s%n", resume ? "resuming" : "pre-training", cfg.method(), samples.size(),
        budget.minutes != null ? budget.minutes + " min" : budget.steps != null ? budget.steps + " steps"
            : budget.epochs + " epochs");
    pw.flush();
    Progress[] bar = new Progress[1];
    PretrainLoop.Result r;
    try {
      r = PretrainLoop.run(cfg, samples, DatasetArgs.abs(out), resume, provenance(samples),
          new PretrainLoop.Listener() {
            @Override
            public void onStart(long firstStep, long totalSteps) {
              bar[0] = Progress.start("pretrain", totalSteps);
              for (long i = 0; i < firstStep; i++) {
                bar[0].step();
              }
            }

            @Override
            public void onStep(StepLog s) {
              bar[0].extra(String.format("loss %.4f lr %.1e %.1f img/s", s.loss(), s.lr(),
                  s.imagesPerSec()));
              bar[0].step();
            }
          });
    } catch (NonFiniteLossException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    pw.printf("%s after %d/%d steps: loss %.4f, %.1f img/s; checkpoint %s (log %s.log.jsonl)%n", r.stopReason(),
        r.steps(), r.totalSteps(), r.lastLoss(), r.imagesPerSec(), r.checkpoint(), r.checkpoint().getFileName());
    pw.flush();
    return 0;
  }
}
