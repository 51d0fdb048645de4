package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.data.Example;
import org.aoissl.data.Sample;
import org.aoissl.finetune.FinetuneConfig;
import org.aoissl.finetune.FinetuneLoop;
import org.aoissl.train.NonFiniteLossException;
import org.aoissl.pretrain.PretrainCheckpoint;
import org.aoissl.data.LabeledSet;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl finetune}: supervised segmentation baselines under a compute budget. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Fine-tune a segmentation model on labeled images under a budget: a linear probe on a frozen encoder, or "
          + "the whole ViT with a light convolutional decoder (layer-wise lr decay), optionally with skip features "
          + "from the image (unetr).",
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

  @Option(names = "--head", defaultValue = "decoder", description = "linear (frozen encoder), decoder (upsampling "
      + "the patch grid) or unetr (decoder with skip features from a small conv stem on the image, for 2-4 px wires) "
      + "(default: ${DEFAULT-VALUE}).")
  String head;

  @Option(names = "--model", defaultValue = "aoi-t", description = "ViT preset when training from scratch (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--image-size", description = "Training crop size (default: the encoder's size, 224 from scratch).")
  Integer imageSize;

  @ArgGroup(exclusive = true, multiplicity = "1")
  BudgetOptions budget;

  @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", description = "Peak learning rate of the head (default: 1e-3 decoder and unetr, "
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
    int size = imageSize != null ? imageSize
        : init != null ? PretrainCheckpoint.load(DatasetArgs.abs(init)).state().vit().imageSize() : 224;
    FinetuneConfig d = FinetuneConfig.defaults(head, model, size, batch, 0, 0, 1, seed);
    return new FinetuneConfig(head, model, size, batch, budget.epochs(),
        budget.steps(), budget.minutes(),
        lr != null ? lr : d.lr(), Math.min(d.minLr(), lr != null ? lr : d.lr()), d.warmupFraction(), layerDecay,
        weightDecay, d.clipGrad(), dice, seed, saveEvery);
  }

  @Override
  public Integer call() throws IOException {
    FinetuneConfig cfg = config();
    LabeledSet support = LabeledSet.load(data, dataArgs.options(), device, maxImages);
    List<Example> train = support.examples();
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("%s %s head from %s on %d labeled images, %s%n", resume ? "resuming" : "fine-tuning", cfg.head(),
        init == null ? "scratch (" + cfg.model() + ")" : init.getFileName(), train.size(),
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
    pw.printf("%s after %d/%d steps (%.0f s): loss %.4f, %.1f img/s; checkpoint %s%n", r.stopReason(), r.steps(),
        r.totalSteps(), r.seconds(), r.lastLoss(), r.imagesPerSec(), r.checkpoint());
    pw.flush();
    return 0;
  }
}
