package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.data.Sample;
import org.aoissl.finetune.FinetuneConfig;
import org.aoissl.finetune.UNetOptions;
import org.aoissl.finetune.FinetuneLoop;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.train.NonFiniteLossException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code aoissl finetune}: supervised segmentation baselines under a compute budget. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Fine-tune a segmentation model on labeled images under a budget: a linear probe on a frozen encoder, "
          + "the whole ViT with a light convolutional decoder (layer-wise lr decay), optionally with skip features "
          + "from the image (unetr), or a U-Net trained at the images' own resolution (the baseline a plant would "
          + "otherwise train).",
      "Start from a pre-training checkpoint (--init) or from scratch; --resume continues a run exactly."
    })
public final class FinetuneCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labeled images (e.g. a split's train/).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Checkpoint file to write.")
  Path out;

  @Option(names = "--init", paramLabel = "CKPT", description = "Pre-training checkpoint (mae, dino, ibot or imported) "
      + "whose encoder starts the model; without it the encoder starts from scratch.")
  Path init;

  @Option(names = "--head", defaultValue = "unetr", description = "linear (frozen encoder), decoder (upsampling "
      + "the patch grid only: too coarse for 2 px wires), unetr (the decoder with skip features from a small conv "
      + "stem on the image, for 2-4 px wires) "
      + "or unet (a U-Net, no ViT; --init, --model and --layer-decay do not apply) (default: ${DEFAULT-VALUE}).")
  String head;

  @Option(names = "--model", defaultValue = "aoi-t", description = "ViT preset when training from scratch (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--image-size", description = "Training crop size at about the images' own resolution (default: "
      + "the encoder's size, 224 for a ViT from scratch, 192 for the U-Net).")
  Integer imageSize;

  @Option(names = "--unet-width", defaultValue = "16", description = "U-Net channels of the first level; level i has "
      + "width·2^i (default: ${DEFAULT-VALUE}).")
  int unetWidth;

  @Option(names = "--unet-depth", defaultValue = "4", description = "U-Net 2× downsamplings (default: ${DEFAULT-VALUE}).")
  int unetDepth;

  @Option(names = "--unet-norm", defaultValue = "batch", description = "U-Net normalisation: batch or group "
      + "(default: ${DEFAULT-VALUE}).")
  String unetNorm;

  @Option(names = "--unet-upsample", defaultValue = "bilinear", description = "U-Net upsampling: bilinear or "
      + "transposed (default: ${DEFAULT-VALUE}).")
  String unetUpsample;

  @ArgGroup(exclusive = true, multiplicity = "1")
  BudgetOptions budget;

  @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", description = "Peak learning rate of the head (default: 1e-3 decoder, unetr and unet, "
      + "5e-3 linear).")
  Double lr;

  @Option(names = "--layer-decay", defaultValue = "0.75", description = "Layer-wise lr decay (default: ${DEFAULT-VALUE}).")
  double layerDecay;

  @Option(names = "--weight-decay", defaultValue = "0.05", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--dice", defaultValue = "1", description = "Weight of the Dice term added to BCE (default: ${DEFAULT-VALUE}).")
  double dice;

  @Option(names = "--device", description = "Use only this device's images.")
  String device;

  @Option(names = "--max-images", defaultValue = "0", description = "Use the first N images by id (0: all).")
  int maxImages;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-every", defaultValue = "2", paramLabel = "MINUTES", description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
  double saveEvery;

  @Option(names = "--resume", description = "Continue the run saved in --out.")
  boolean resume;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  FinetuneConfig config() throws IOException {
    boolean unet = head.equals("unet");
    int size = imageSize != null ? imageSize
        : unet ? 192 : init != null ? PretrainCheckpoint.load(DatasetArgs.abs(init)).state().vit().imageSize() : 224;
    FinetuneConfig d = FinetuneConfig.defaults(head, model, size, batch, 0, 0, 1, seed);
    return new FinetuneConfig(head, model, size, batch, budget.epochs(),
        budget.steps(), budget.minutes(),
        lr != null ? lr : d.lr(), Math.min(d.minLr(), lr != null ? lr : d.lr()), d.warmupFraction(),
        unet ? 1.0 : layerDecay,
        weightDecay, d.clipGrad(), dice, seed, saveEvery,
        new UNetOptions(unetWidth, unetDepth, unetNorm, unetUpsample));
  }

  @Override
  public Integer call() throws IOException {
    FinetuneConfig cfg = config();
    LabeledSet support = LabeledSet.load(data, dataArgs.options(), device, maxImages, false);
    dataArgs.reportSkipped(data, support.skipped());
    List<Example> train = support.examples();
    PrintWriter pw = spec.commandLine().getOut();
    String what = cfg.head().equals("unet") ? "a U-Net (" + cfg.unet() + ")"
        : cfg.head() + " head from " + (init == null ? "scratch (" + cfg.model() + ")" : init.getFileName());
    pw.printf("%s %s on %d labeled images, %s%n", resume ? "resuming" : "training", what, train.size(),
        budget.describe());
    pw.flush();
    FinetuneLoop.Result r;
    try (TrainProgress listener = new TrainProgress("finetune", spec.commandLine().getErr())) {
      List<Sample> samples = train.stream().map(Example::sample).toList();
      r = FinetuneLoop.run(cfg, train, support.classes(), init == null ? null : DatasetArgs.abs(init),
          DatasetArgs.abs(out), resume, PretrainCommand.provenance(samples), listener);
    } catch (NonFiniteLossException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    String used = BudgetOptions.used(r.seconds(), cfg.minutes(), resume);
    pw.printf("%s after %d/%d steps (%s): loss %.4f, %.1f img/s; checkpoint %s%n", r.stopReason(), r.steps(),
        r.totalSteps(), used, r.lastLoss(), r.imagesPerSec(), r.checkpoint());
    pw.flush();
    return 0;
  }
}
