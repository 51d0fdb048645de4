package org.aoissl.refine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ChannelStatsAccumulator;
import org.aoissl.data.Example;
import org.aoissl.data.Normalization;
import org.aoissl.finetune.FinetuneCheckpoint;
import org.aoissl.finetune.FinetuneConfig;
import org.aoissl.finetune.FinetuneLoop;
import org.aoissl.finetune.UNetOptions;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.BankTuner;
import org.aoissl.retrieval.LeaveImageOut;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.train.CheckpointFile;
import org.aoissl.train.NamedTensor;
import org.aoissl.train.TrainListener;
import org.aoissl.train.TrainRun;

/**
 * Trains a refiner on a bank's support images: each image's retrieval scores are computed with that
 * image left out of the bank ({@link LeaveImageOut}), stacked with its pixels ({@link RefinerInput}), and
 * a small U-Net learns the label from them on the training harness (BCE + Dice, AdamW, crops, flips,
 * mild photometric changes), within the budget.
 */
public final class RefinerTrainer {
  /** What training made: the contents to store in the bank, and its state. */
  public record Result(CheckpointFile.Contents contents, RefinerState state, double scoreSeconds,
      double trainSeconds) {}

  /**
   * The aggregator whose scores a refiner is trained on. Measured on the transfer benchmark (bench/RESULTS.md,
   * 2026-12-05): with distance-weighted kNN scores the refiner reached 0.06–0.34 more mIoU on another leadframe
   * than with attention scores of the same encoder, while retrieval alone differed by about 0.01.
   */
  public static final String SCORE_METHOD = "distance";

  private RefinerTrainer() {}

  /**
   * The retrieval settings a refiner should read: the bank's own when they use {@link #SCORE_METHOD}, else
   * the best settings of that aggregator, tuned as {@code bank tune} does by default.
   *
   * @param imageOf the support image of an id, or null when it is missing
   */
  public static BankSettings scoreSettings(MemoryBank bank, PatchEncoder encoder, Function<String, AoiImage> imageOf,
      long seed, IntConsumer progress) {
    if (SCORE_METHOD.equals(bank.settings().method())) {
      return bank.settings();
    }
    List<BankTuner.Query> queries = BankTuner.encodeSupport(bank, encoder, imageOf, BankTuner.DEFAULT_SHIFTS, seed,
        progress);
    return BankTuner.tune(bank, queries, BankTuner.DEFAULT_FOLDS, seed, Set.of(SCORE_METHOD), n -> { }).best();
  }

  /**
   * The refiner's training inputs: each support image stacked with its leave-image-out scores.
   *
   * @param support labeled support images (their ids as in the bank); at least two
   * @param options the retrieval settings whose scores the refiner will read (the bank's, as segment uses)
   * @param progress called with 1 after each image's score maps
   */
  public static List<Example> inputs(MemoryBank bank, PatchEncoder encoder, SegmentOptions options,
      List<Example> support, IntConsumer progress) throws IOException {
    if (support.size() < 2) {
      throw new BadInputException(null, "a refiner needs at least 2 labeled support images; got " + support.size());
    }
    int k = bank.numClasses();
    List<Example> inputs = new ArrayList<>();
    for (Example e : support) {
      if (!e.labeled() || e.mask().numClasses() != k) {
        throw new BadInputException(e.sample().imageFiles().get(0), "needs a label of the bank's " + k + " classes");
      }
      float[] scores = LeaveImageOut.scores(bank, encoder, options, e.sample().id(), e.image()); // [K, H, W]
      AoiImage seen = bank.config().prepare(e.image()); // the image the refiner gets from Segmenter
      inputs.add(new Example(e.sample(), RefinerInput.stack(seen, scores, k), e.mask()));
      progress.accept(1);
    }
    return inputs;
  }

  /**
   * Image channels by the support images' statistics; score channels by a fixed map of [0, 1] to [-1, 1].
   * Scores of a rare class are almost all 0, so their statistics would blow the few positive pixels up
   * to tens of standard deviations, and the network's batch statistics in training would no longer
   * match its running ones at inference.
   */
  static Normalization normalization(List<Example> inputs, int imageChannels) {
    ChannelStatsAccumulator acc = new ChannelStatsAccumulator(imageChannels);
    for (Example e : inputs) {
      AoiImage im = e.image();
      int hw = im.height() * im.width();
      acc.add(new AoiImage(imageChannels, im.height(), im.width(), im.bitDepth(),
          java.util.Arrays.copyOf(im.data(), imageChannels * hw)));
    }
    Normalization images = Normalization.of(acc.result());
    int total = inputs.get(0).image().channels();
    float[] mean = java.util.Arrays.copyOf(images.mean(), total);
    float[] std = java.util.Arrays.copyOf(images.std(), total);
    for (int c = imageChannels; c < total; c++) {
      mean[c] = 0.5f;
      std[c] = 0.5f;
    }
    return new Normalization(mean, std);
  }

  /**
   * Trains on {@link #inputs}.
   *
   * @param scoreSeconds time the inputs took, counted against a time budget
   * @param scratch a folder for the run's temporary checkpoint (removed afterwards)
   */
  public static Result train(MemoryBank bank, SegmentOptions options, List<Example> inputs, double scoreSeconds,
      RefinerConfig cfg, Path scratch, TrainListener listener) throws IOException {
    long t0 = System.nanoTime();
    int imageChannels = inputs.get(0).image().channels() - bank.numClasses();
    // A time budget covers the score maps too; the network gets what is left (at least a quarter).
    double trainMinutes = cfg.seconds() > 0 ? Math.max(cfg.seconds() - scoreSeconds, cfg.seconds() / 4) / 60 : 0;
    FinetuneConfig fc = new FinetuneConfig("unet", "aoi-t", cfg.crop(), cfg.batch(), 0, cfg.steps(), trainMinutes, cfg.lr(), cfg.lr() / 100, 0.1, 1.0, 0.05, 5.0, 1.0, cfg.seed(), 1e6,
        new UNetOptions(cfg.width(), cfg.depth(), "batch", "bilinear", cfg.prior() ? options.thresholds() : null));
    Path tmp = Files.createTempFile(scratch, "refiner", ".ckpt");
    Files.delete(tmp); // the loop refuses to overwrite a checkpoint
    try {
      long t1 = System.nanoTime();
      FinetuneLoop.run(fc, inputs, bank.classes(), null, tmp, false, Map.of("refiner", "bank refine"), listener,
          normalization(inputs, imageChannels));
      double trainSeconds = (System.nanoTime() - t1) / 1e9;
      FinetuneCheckpoint.Loaded l = FinetuneCheckpoint.load(tmp);
      Map<String, NamedTensor> weights = new LinkedHashMap<>();
      l.contents().tensors().forEach((name, t) -> {
        if (name.startsWith("model/")) {
          weights.put(name, t);
        }
      });
      RefinerState state = new RefinerState(l.state(), options.method(), options.k(), options.beta(),
          options.blocks(), options.shifted(), options.refine(), imageChannels, inputs.size(),
          scoreSeconds + (System.nanoTime() - t0) / 1e9);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("kind", Refiner.KIND);
      meta.put("state", state);
      CheckpointFile.Contents c = new CheckpointFile.Contents(Refiner.JSON.writeValueAsString(meta), weights);
      return new Result(c, state, scoreSeconds, trainSeconds);
    } finally {
      Files.deleteIfExists(tmp);
      Files.deleteIfExists(TrainRun.logFile(tmp));
    }
  }
}
