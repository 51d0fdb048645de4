package org.aoissl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.finetune.FinetuneConfig;
import org.aoissl.finetune.FinetuneLoop;
import org.aoissl.finetune.SegPredictor;
import org.aoissl.finetune.UNetOptions;
import org.aoissl.io.BadInputException;
import org.aoissl.refine.Refiner;
import org.aoissl.refine.RefinerConfig;
import org.aoissl.refine.RefinerTrainer;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankTuner;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.train.TrainListener;

/**
 * The cross-device transfer table: from a few labeled images of one device, each path is scored on the
 * test images of every device — retrieval (bank built and tuned under shifts among the distance-weighted
 * settings the refiner reads), retrieval with the learned
 * refiner, and the refiner's own small U-Net trained on the images alone in the same wall clock as the
 * refiner. Then a few labeled images of a new device are added — to the bank in seconds, the refiner
 * reused; the U-Net retrained with the same budget — and the new device is scored again.
 */
public final class TransferExperiment {
  /**
   * @param supportDevice the device whose first {@code shots} labeled images (by id) are the support
   * @param seconds the training wall clock of the refiner and of each U-Net
   * @param newDevice the device to adapt to (null: none), with its first {@code adds} labeled images
   */
  public record Config(String supportDevice, int shots, double seconds, String newDevice, int adds, long seed) {
    public Config {
      if (shots < 2) {
        throw new IllegalArgumentException("shots must be >= 2 (tuning and the refiner hold images out); got " + shots);
      }
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("seconds must be > 0; got " + seconds);
      }
      if (adds < 0) {
        throw new IllegalArgumentException("adds must be >= 0; got " + adds);
      }
    }
  }

  /** One path: its training seconds and mIoU per test device. */
  public record Row(String path, double seconds, Map<String, Double> miou) {}

  /** The table over {@code devices}, and the new device's rows after adding its images. */
  public record Result(List<String> devices, List<Row> rows, String newDevice, int adds, List<Row> adapted) {
    /** The tables as Markdown. */
    public String markdown() {
      StringBuilder s = new StringBuilder("| path | training | ");
      s.append(String.join(" | ", devices)).append(" |\n|---|---|");
      s.append("---|".repeat(devices.size())).append('\n');
      for (Row r : rows) {
        s.append(String.format(Locale.ROOT, "| %s | %.0f s |", r.path(), r.seconds()));
        for (String d : devices) {
          Double v = r.miou().get(d);
          s.append(v == null ? " – |" : String.format(Locale.ROOT, " %.3f |", v));
        }
        s.append('\n');
      }
      if (!adapted.isEmpty()) {
        s.append(String.format(Locale.ROOT, "%n| after adding %d labeled images of %s | adaptation | %s |%n|---|---|---|%n",
            adds, newDevice, newDevice));
        for (Row r : adapted) {
          s.append(String.format(Locale.ROOT, "| %s | %.1f s | %.3f |%n", r.path(), r.seconds(),
              r.miou().get(newDevice)));
        }
      }
      return s.toString();
    }
  }

  static final String RETRIEVAL = "retrieval";
  static final String REFINER = "retrieval + refiner";
  static final String UNET = "small U-Net, images only";

  /** The refiner's network shape and recipe, for the U-Net trained on the images alone. */
  static final UNetOptions SMALL = new UNetOptions(RefinerConfig.DEFAULT.width(), RefinerConfig.DEFAULT.depth(),
      "batch", "bilinear");

  private TransferExperiment() {}

  /**
   * @param train labeled images to draw the support and the added images from
   * @param test labeled test images of every device
   * @param work a folder for the U-Nets' checkpoints and the refiner's scratch file
   */
  public static Result run(PatchEncoder enc, List<Example> train, List<Example> test, ClassSet classes, Config cfg,
      Path work, TrainListener listener) throws IOException {
    List<Example> support = first(train, cfg.supportDevice(), cfg.shots());
    List<Example> more = cfg.newDevice() == null || cfg.adds() == 0 ? List.of()
        : first(train, cfg.newDevice(), cfg.adds());
    List<String> devices = new ArrayList<>(new TreeSet<>(test.stream().map(e -> e.sample().device()).toList()));
    Files.createDirectories(work);

    long t0 = System.nanoTime();
    MemoryBank bank = BankBuilder.build(enc, support, classes, new BankConfig(0, 0, true, cfg.seed()), n -> { });
    Map<String, AoiImage> images = new LinkedHashMap<>();
    support.forEach(e -> images.put(e.sample().id(), e.image()));
    List<BankTuner.Query> queries = BankTuner.encodeSupport(bank, enc, images::get, BankTuner.DEFAULT_SHIFTS,
        cfg.seed(), n -> { });
    // Tuned among the settings the refiner reads, so that retrieval and retrieval + refiner share one bank.
    bank.setSettings(BankTuner.tune(bank, queries, BankTuner.DEFAULT_FOLDS, cfg.seed(),
        Set.of(RefinerTrainer.SCORE_METHOD), n -> { })
        .best());
    double retrievalSeconds = (System.nanoTime() - t0) / 1e9;
    SegmentOptions opts = SegmentOptions.of(bank.settings());

    long t1 = System.nanoTime();
    List<Example> inputs = RefinerTrainer.inputs(bank, enc, opts, support, n -> { });
    double scoreSeconds = (System.nanoTime() - t1) / 1e9;
    RefinerConfig rc = RefinerConfig.DEFAULT.withBudget(cfg.seconds(), 0).withSeed(cfg.seed());
    bank.setRefiner(RefinerTrainer.train(bank, opts, inputs, scoreSeconds, rc, work, listener).contents());
    double refinerSeconds = (System.nanoTime() - t1) / 1e9;

    List<Row> rows = new ArrayList<>();
    try (Refiner refiner = Refiner.open(bank.refiner(), work)) {
      rows.add(row(RETRIEVAL, retrievalSeconds, devices, test, ex -> Evaluations.retrieval(enc, bank, opts, ex,
          classes).scores().miou()));
      rows.add(row(REFINER, retrievalSeconds + refinerSeconds, devices, test,
          ex -> Evaluations.retrieval(enc, bank, opts, ex, classes, refiner).scores().miou()));
      Row unet = unet(support, classes, cfg, work.resolve("unet.ckpt"), listener, devices, test);
      rows.add(unet);

      List<Row> adapted = new ArrayList<>();
      if (!more.isEmpty()) {
        List<Example> newTest = test.stream().filter(e -> cfg.newDevice().equals(e.sample().device())).toList();
        long t2 = System.nanoTime();
        BankBuilder.add(bank, enc, more, classes, bank.config(), n -> { });
        double addSeconds = (System.nanoTime() - t2) / 1e9;
        List<String> one = List.of(cfg.newDevice());
        adapted.add(row(RETRIEVAL + ", images added", addSeconds, one, newTest,
            ex -> Evaluations.retrieval(enc, bank, opts, ex, classes).scores().miou()));
        adapted.add(row(REFINER + " (reused), images added", addSeconds, one, newTest,
            ex -> Evaluations.retrieval(enc, bank, opts, ex, classes, refiner).scores().miou()));
        List<Example> both = new ArrayList<>(support);
        both.addAll(more);
        adapted.add(unet(both, classes, cfg, work.resolve("unet-added.ckpt"), listener, one, newTest));
      }
      return new Result(devices, rows, cfg.newDevice(), more.size(), adapted);
    }
  }

  private interface Score {
    double of(List<Example> test) throws IOException;
  }

  private static Row row(String path, double seconds, List<String> devices, List<Example> test, Score score)
      throws IOException {
    Map<String, Double> miou = new LinkedHashMap<>();
    for (String d : devices) {
      List<Example> of = test.stream().filter(e -> d.equals(e.sample().device())).toList();
      if (!of.isEmpty()) {
        miou.put(d, score.of(of));
      }
    }
    return new Row(path, seconds, miou);
  }

  /** The small U-Net trained on {@code train} for the configured seconds, scored per device. */
  private static Row unet(List<Example> train, ClassSet classes, Config cfg, Path ckpt, TrainListener listener,
      List<String> devices, List<Example> test) throws IOException {
    Files.deleteIfExists(ckpt);
    Files.deleteIfExists(ckpt.resolveSibling(ckpt.getFileName() + ".log.jsonl"));
    RefinerConfig r = RefinerConfig.DEFAULT;
    FinetuneConfig fc = new FinetuneConfig("unet", "aoi-t", r.crop(), r.batch(), 0, 0, cfg.seconds() / 60, r.lr(),
        r.lr() / 100, 0.1, 1.0, 0.05, 5.0, 1.0, cfg.seed(), 1e6, SMALL);
    FinetuneLoop.Result fr = FinetuneLoop.run(fc, train, classes, null, ckpt, false, Map.of("experiment", "transfer"),
        listener);
    try (SegPredictor p = SegPredictor.open(ckpt)) {
      return row(UNET, fr.seconds(), devices, test, ex -> Evaluations.finetuned(p, ex, classes).scores().miou());
    }
  }

  /** The first {@code n} labeled images of a device, by id; refused when there are fewer. */
  static List<Example> first(List<Example> train, String device, int n) throws BadInputException {
    List<Example> of = train.stream().filter(e -> device.equals(e.sample().device()))
        .sorted(Comparator.comparing(e -> e.sample().id())).toList();
    if (of.size() < n) {
      throw new BadInputException(null, "needs " + n + " labeled images of device '" + device + "'; the training "
          + "images hold " + of.size());
    }
    return of.subList(0, n);
  }
}
