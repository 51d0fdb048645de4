package org.aoissl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.finetune.FinetuneConfig;
import org.aoissl.finetune.FinetuneLoop;
import org.aoissl.train.StepLog;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainLog;

/**
 * One fine-tuning run of an experiment under the experiment's budget — a ViT with the {@code unetr} head
 * (the whole network trains, and skip features from the image let it draw 2 px wires), or the U-Net
 * baseline — restartable like {@link PretrainStage}: reused when
 * finished, resumed when interrupted.
 */
final class FinetuneStage {
  /** The checkpoint, its steps, its training seconds and its loss curve. */
  record Outcome(Path checkpoint, long steps, double seconds, List<double[]> curve) {}

  /** Images per fine-tuning step: small, so that a few minutes give a useful number of steps. */
  static final int BATCH = 4;

  /**
   * The ViT's head: {@code unetr}. The plain {@code decoder} reads only the 1/16 patch grid and cannot
   * draw a 2 px wire (wire IoU 0.007 after 6 minutes on real images, where {@code unetr} reaches 0.8 on
   * synthetic ones).
   */
  static final String VIT_HEAD = "unetr";

  private FinetuneStage() {}

  /**
   * @param head {@link #VIT_HEAD} or "unet"
   * @param init the pre-training checkpoint, or null for a scratch encoder (and for the U-Net)
   */
  static Outcome run(String name, String head, ExperimentConfig cfg, List<Example> train, ClassSet classes, Path init,
      Path work, TrainListener l, Map<String, String> provenance) throws IOException {
    Path ckpt = work.resolve("finetune-" + name + ".ckpt");
    Path done = work.resolve("finetune-" + name + ".ckpt.done");
    if (!Files.exists(done)) {
      FinetuneConfig fc = FinetuneConfig.defaults(head, cfg.model(), cfg.finetuneSize(), BATCH, 0, 0,
          cfg.finetuneMinutes(), cfg.seed());
      FinetuneLoop.run(fc, train, classes, init, ckpt, Files.exists(ckpt), provenance, l);
      Files.writeString(done, "finished\n");
    }
    List<StepLog> log = TrainLog.read(ckpt.resolveSibling(ckpt.getFileName() + ".log.jsonl"));
    double seconds = log.isEmpty() ? 0 : log.get(log.size() - 1).seconds();
    return new Outcome(ckpt, log.isEmpty() ? 0 : log.get(log.size() - 1).step(), seconds, PretrainStage.curve(log));
  }
}
