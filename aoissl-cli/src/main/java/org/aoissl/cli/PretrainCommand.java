package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Sample;
import org.aoissl.pretrain.PretrainConfig;
import org.aoissl.pretrain.PretrainMethods;
import org.aoissl.pretrain.PretrainData;
import org.aoissl.pretrain.PretrainLoop;
import org.aoissl.pretrain.dino.DinoConfig;
import org.aoissl.pretrain.ibot.IbotConfig;
import org.aoissl.train.NonFiniteLossException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code aoissl pretrain}: self-supervised pre-training of a ViT on unlabeled AOI images. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Self-supervised pre-training (MAE, DINO or iBOT) of a Vision Transformer on unlabeled images.",
      "Checkpoints are written atomically while training; --resume continues a run exactly.",
      "DINO and iBOT checkpoints hold student and teacher; the teacher is the encoder that embed, bank and "
          + "segment use."
    })
public final class PretrainCommand implements Callable<Integer> {
  @Option(names = "--method", defaultValue = "mae", description = "Objective: mae, dino or ibot (default: "
      + "${DEFAULT-VALUE}).")
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

  @ArgGroup(exclusive = true, multiplicity = "1")
  BudgetOptions budget;

  @Option(names = "--batch", defaultValue = "8", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--accum", defaultValue = "1", description = "Forward passes per optimizer step (default: ${DEFAULT-VALUE}).")
  int accum;

  @Option(names = "--blr", description = "Base learning rate, lr = blr x batch x accum / 256 (default: 5e-3).")
  Double blr;

  @Option(names = "--min-lr", defaultValue = "1e-6", description = "End of the cosine decay (default: ${DEFAULT-VALUE}).")
  double minLr;

  @Option(names = "--warmup", description = "Fraction of steps in linear warm-up (default: 0.05 mae, 0.1 dino/ibot).")
  Double warmup;

  @Option(names = "--weight-decay", description = "AdamW weight decay; for dino/ibot the start of its cosine "
      + "schedule (default: 0.05 mae, 0.04 dino/ibot).")
  Double weightDecay;

  @Option(names = "--clip-grad", description = "Gradient-norm limit, 0 for none: global for mae, per parameter "
      + "for dino/ibot (default: 5 mae, 3 dino/ibot).")
  Double clipGrad;

  @Option(names = "--mask-ratio", defaultValue = "0.75", description = "MAE mask ratio; the paper used 0.4 (default: ${DEFAULT-VALUE}).")
  double maskRatio;

  @Option(names = "--norm-pix", description = "MAE: predict per-patch normalised pixels.")
  boolean normPix;

  @Option(names = "--crop-scale", paramLabel = "MIN,MAX", description = "MAE: area fractions of the random crops "
      + "(default 0.2,1; e.g. 0.15,0.25 keeps 224 px crops of 512 px images near native resolution).")
  String cropScale;

  static final class Distillation {
    @Option(names = "--out-dim", defaultValue = "1024", paramLabel = "K",
        description = "dino/ibot: head outputs K (the references use 65536/8192; default: ${DEFAULT-VALUE}).")
    int outDim;

    @Option(names = "--head-hidden", defaultValue = "2048", description = "dino/ibot: head hidden width (default: ${DEFAULT-VALUE}).")
    int headHidden;

    @Option(names = "--head-bottleneck", defaultValue = "256", description = "dino/ibot: head bottleneck width (default: ${DEFAULT-VALUE}).")
    int headBottleneck;

    @Option(names = "--local-crops", defaultValue = "4", description = "dino/ibot: local views per image; the "
        + "references use 8-10 (default: ${DEFAULT-VALUE}).")
    int localCrops;

    @Option(names = "--local-size", paramLabel = "PX", description = "dino/ibot: local view side, a patch multiple "
        + "(default: 96/224 of --image-size, e.g. 96 at 224).")
    Integer localSize;

    @Option(names = "--global-scale-min", description = "dino/ibot: smallest area fraction of a global crop "
        + "(default: 0.4 dino, 0.14 ibot).")
    Double globalScaleMin;

    @Option(names = "--local-scale", paramLabel = "MIN,MAX", defaultValue = "0.05,0.4",
        description = "dino/ibot: area fractions of local crops (default: ${DEFAULT-VALUE}).")
    String localScale;

    @Option(names = "--teacher-temp", defaultValue = "0.01", description = "dino/ibot: teacher temperature after "
        + "the warm-up (default: ${DEFAULT-VALUE}; the references' 0.04 lets the teacher go uniform on AOI images).")
    double teacherTemp;

    @Option(names = "--warmup-teacher-temp", defaultValue = "0.01", description = "dino/ibot: teacher temperature "
        + "at epoch 0 (default: ${DEFAULT-VALUE}; the references 0.04).")
    double warmupTeacherTemp;

    @Option(names = "--warmup-teacher-epochs", description = "dino/ibot: epochs of linear teacher-temperature "
        + "warm-up (default: 0 dino, 30 ibot).")
    Integer warmupTeacherEpochs;

    @Option(names = "--student-temp", defaultValue = "0.1", description = "dino/ibot: student temperature (default: ${DEFAULT-VALUE}).")
    double studentTemp;

    @Option(names = "--momentum", defaultValue = "0.996", description = "dino/ibot: teacher EMA momentum at the "
        + "start, raised to 1 by a cosine (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay-end", defaultValue = "0.4", description = "dino/ibot: end of the weight-decay "
        + "schedule (default: ${DEFAULT-VALUE}).")
    double weightDecayEnd;

    @Option(names = "--freeze-last-layer", defaultValue = "1", paramLabel = "EPOCHS", description = "dino/ibot: "
        + "epochs in which the head's last layer is not updated (default: ${DEFAULT-VALUE}).")
    int freezeLastLayer;

    @Option(names = "--koleo", defaultValue = "0", paramLabel = "WEIGHT", description = "dino/ibot: weight of "
        + "DINOv2's KoLeo regulariser, which keeps the images of a batch apart (0: none, as the references; "
        + "default: ${DEFAULT-VALUE}).")
    double koleo;

    @Option(names = "--pred-ratio", defaultValue = "0.3", description = "ibot: mean masked fraction of a masked "
        + "view (default: ${DEFAULT-VALUE}).")
    double predRatio;

    @Option(names = "--pred-ratio-var", defaultValue = "0.2", description = "ibot: the fraction is uniform in "
        + "ratio +- var (default: ${DEFAULT-VALUE}).")
    double predRatioVar;

    @Option(names = "--mask-prob", defaultValue = "0.5", description = "ibot: chance that a global view is masked "
        + "(default: ${DEFAULT-VALUE}).")
    double maskProb;

    @Option(names = "--teacher-patch-temp", defaultValue = "0.01", description = "ibot: patch teacher temperature "
        + "after the warm-up (default: ${DEFAULT-VALUE}; iBOT 0.07).")
    double teacherPatchTemp;

    @Option(names = "--warmup-teacher-patch-temp", defaultValue = "0.01", description = "ibot: patch teacher "
        + "temperature at epoch 0 (default: ${DEFAULT-VALUE}; iBOT 0.04).")
    double warmupTeacherPatchTemp;

    @Option(names = "--shared-head", description = "ibot: patch tokens use the CLS last layer in the student too.")
    boolean sharedHead;
  }

  @ArgGroup(exclusive = false, heading = "DINO and iBOT options%n")
  Distillation distill = new Distillation();

  @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, data order, augmentation, masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-every", defaultValue = "2", paramLabel = "MINUTES", description = "Checkpoint interval in minutes (default: ${DEFAULT-VALUE}).")
  double saveEvery;

  @Option(names = "--resume", description = "Continue the run saved in --out.")
  boolean resume;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  PretrainConfig config() {
    // The method's defaults (warm-up, weight decay, clipping) live in PretrainConfig.defaults; options override.
    PretrainConfig d = PretrainConfig.defaults(method, model, imageSize, batch, 1, seed);
    PretrainMethods.Entry m = PretrainMethods.get(method);
    DinoConfig dino = m.distillation() ? dinoConfig(d.dino()) : null;
    IbotConfig ibot = m.patchTokens() ? new IbotConfig(distill.sharedHead, distill.warmupTeacherPatchTemp,
        distill.teacherPatchTemp, distill.predRatio, distill.predRatioVar, distill.maskProb, 0.3, 1, 1, 0.9) : null;
    double[] crop = cropScale == null ? null : pair(cropScale, "--crop-scale");
    return d.withBudget(budget.epochs(), budget.steps(), budget.minutes())
        .withBatch(batch, accum)
        .withLr(blr != null ? blr : d.blr(), minLr)
        .withWarmup(warmup != null ? warmup : d.warmupFraction())
        .withWeightDecay(weightDecay != null ? weightDecay : d.weightDecay())
        .withClipGrad(clipGrad != null ? clipGrad : d.clipGrad())
        .withMasking(maskRatio, normPix)
        .withSaveEvery(saveEvery)
        .withDistillation(dino, ibot)
        .withCropScale(crop == null ? null : crop[0], crop == null ? null : crop[1]);
  }

  /** Two comma-separated numbers. */
  static double[] pair(String text, String option) {
    String[] p = text.split(",");
    try {
      if (p.length == 2) {
        return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes MIN,MAX; got " + text);
  }

  /** DINO's settings: the method's defaults {@code d}, with what the options change. */
  private DinoConfig dinoConfig(DinoConfig d) {
    double[] localScale = pair(distill.localScale, "--local-scale");
    return new DinoConfig(distill.outDim, distill.headHidden, distill.headBottleneck, distill.localCrops,
        distill.localSize != null ? distill.localSize : d.localSize(),
        distill.globalScaleMin != null ? distill.globalScaleMin : d.globalScaleMin(), localScale[0],
        localScale[1], distill.studentTemp, distill.warmupTeacherTemp, distill.teacherTemp,
        distill.warmupTeacherEpochs != null ? distill.warmupTeacherEpochs : d.warmupTeacherEpochs(),
        d.centerMomentum(), distill.momentum, distill.weightDecayEnd, distill.freezeLastLayer, distill.koleo);
  }

  /** The pre-training images under DIR (see {@link PretrainData#images}). */
  public static List<Sample> images(Path dir, DatasetOptions options) throws IOException {
    return PretrainData.images(DatasetArgs.abs(dir), options);
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
    PretrainData.Images listed = PretrainData.list(DatasetArgs.abs(data), dataArgs.options(), false);
    dataArgs.reportSkipped(data, listed.skipped());
    List<Sample> samples = listed.samples();
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("%s %s on %d images, %s%n", resume ? "resuming" : "pre-training", cfg.method(), samples.size(),
        budget.describe());
    pw.flush();
    PretrainLoop.Result r;
    try (TrainProgress progress = new TrainProgress("pretrain", spec.commandLine().getErr())) {
      r = PretrainLoop.run(cfg, samples, DatasetArgs.abs(out), resume, provenance(samples), progress);
    } catch (NonFiniteLossException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    String used = BudgetOptions.used(r.seconds(), cfg.minutes(), resume);
    pw.printf("%s after %d/%d steps (%s): loss %.4f, %.1f img/s; checkpoint %s (log %s.log.jsonl)%n",
        r.stopReason(), r.steps(), r.totalSteps(), used, r.lastLoss(), r.imagesPerSec(), r.checkpoint(),
        r.checkpoint().getFileName());
    pw.flush();
    return 0;
  }
}
