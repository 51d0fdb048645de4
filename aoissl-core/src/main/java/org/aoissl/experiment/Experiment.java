package org.aoissl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.bench.Machine;
import org.aoissl.data.ClassSet;
import org.aoissl.data.DatasetOptions;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.data.Mask;
import org.aoissl.data.Sample;
import org.aoissl.finetune.SegPredictor;
import org.aoissl.pretrain.PretrainData;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.train.TrainListener;

/**
 * The paper's experiments on one labeled split root, in process: (1) each pre-training method and a
 * scratch encoder, under the same budget, scored by retrieval and by fine-tuning; (2) retrieval
 * aggregators × support sizes; (3) a new device: images added to the bank against fine-tuning on the
 * same images; (4) the wall-clock of every stage. Checkpoints go to a work folder; a finished stage
 * is reused and an interrupted one resumed when the experiment is run again.
 */
public final class Experiment {
  /** Told what the experiment is doing; every method may be a no-op. */
  public interface Listener {
    default void stage(String name) {}

    /** The progress listener of one training run. */
    default TrainListener training(String task) {
      return new TrainListener() {};
    }
  }

  /**
   * The results, and for the report the first few test images of the support device with each
   * downstream's predicted masks, and the pre-training checkpoints by method.
   */
  public record Outcome(ExperimentResults results, List<Example> gallery, Map<String, List<Mask>> predictions,
      Map<String, Path> checkpoints) {}

  static final int GALLERY = 3;

  private final ExperimentConfig cfg;
  private final Path work;
  private final Listener listener;
  private final List<ExperimentResults.Stage> stages = new ArrayList<>();
  private final Map<String, List<double[]>> curves = new LinkedHashMap<>();
  private final Map<String, List<Mask>> predictions = new LinkedHashMap<>();
  private long stageStart;
  private String stageName;

  private Experiment(ExperimentConfig cfg, Path work, Listener listener) {
    this.cfg = cfg;
    this.work = work;
    this.listener = listener;
  }

  public static Outcome run(Path data, Path work, ExperimentConfig cfg, Listener listener) throws IOException {
    Files.createDirectories(work);
    return new Experiment(cfg, work, listener).run(data.toAbsolutePath().normalize());
  }

  private Outcome run(Path root) throws IOException {
    String date = Instant.now().toString();
    List<Sample> unlabeled = PretrainData.images(root, DatasetOptions.DEFAULT);
    LabeledSet all = LabeledSet.load(root.resolve("train"), DatasetOptions.DEFAULT, cfg.device(), 0);
    ClassSet classes = all.classes();
    List<Example> support = all.examples().subList(0, Math.min(cfg.supportShots(), all.examples().size()));
    List<Example> test = limit(LabeledSet.load(root.resolve("test"), DatasetOptions.DEFAULT, cfg.device(), 0));
    Map<String, String> provenance = Map.of("data", root.toString(), "started", date);

    // (1) methods x downstream
    Map<String, Path> checkpoints = new LinkedHashMap<>();
    List<ExperimentResults.MethodRow> methods = new ArrayList<>();
    BankTuning primaryTuning = null;
    Path primaryFinetune = null;
    List<String> all4 = new ArrayList<>(cfg.methods());
    all4.add("scratch");
    if (cfg.generic() != null) {
      all4.add("generic");
    }
    for (String m : all4) {
      begin("pre-train " + m);
      PretrainStage.Outcome pre = m.equals("generic")
          ? new PretrainStage.Outcome(Path.of(cfg.generic()).toAbsolutePath(), 0, Double.NaN, Double.NaN, List.of())
          : PretrainStage.run(m, cfg, unlabeled, work, listener.training("pretrain " + m), provenance);
      end();
      checkpoints.put(m, pre.checkpoint());
      if (!pre.curve().isEmpty()) {
        curves.put("pretrain " + m, pre.curve());
      }
      begin("retrieval " + m);
      Evaluations.Run retrieval;
      try (PatchEncoder enc = PatchEncoder.open(pre.checkpoint())) {
        MemoryBank bank = BankBuilder.build(enc, support, classes, new BankConfig(0, 0, true, cfg.seed()), n -> { });
        BankTuning tuning = BankTuning.of(bank, enc, support, cfg.seed());
        retrieval = Evaluations.retrieval(enc, bank, tuning.best(), test, classes);
        // Kept for serving and segmenting after the run: tuned, and naming the checkpoint it needs.
        bank.setSettings(tuning.settings());
        bank.putProvenance(BankEncoder.CHECKPOINT, pre.checkpoint().toAbsolutePath().toString());
        BankFile.write(work.resolve("bank-" + m + ".bank"), bank);
        if (primaryTuning == null) {
          primaryTuning = tuning;
        }
      }
      end();
      begin("fine-tune " + m);
      FinetuneStage.Outcome ft = FinetuneStage.run(m, FinetuneStage.VIT_HEAD, cfg, support, classes,
          m.equals("scratch") ? null : pre.checkpoint(), work, listener.training("finetune " + m), provenance);
      curves.put("finetune " + m, ft.curve());
      Evaluations.Run tuned = predict(ft.checkpoint(), test, classes);
      end();
      if (primaryFinetune == null) {
        primaryFinetune = ft.checkpoint();
      }
      keep("retrieval " + m, retrieval);
      keep("fine-tune " + m, tuned);
      methods.add(new ExperimentResults.MethodRow(m, pre.steps(), pre.imagesPerSec(), pre.loss(), retrieval.scores(),
          tuned.scores(), ft.steps()));
    }

    // (1b) the U-Net a plant would train instead, on the same images and budget
    begin("fine-tune unet");
    FinetuneStage.Outcome unetRun = FinetuneStage.run("unet", "unet", cfg, support, classes, null, work,
        listener.training("finetune unet"), provenance);
    curves.put("finetune unet", unetRun.curve());
    Evaluations.Run unetScores = predict(unetRun.checkpoint(), test, classes);
    keep("U-Net", unetScores);
    end();
    ExperimentResults.UNetRow unet = new ExperimentResults.UNetRow(unetScores.scores(), unetRun.steps(),
        unetRun.seconds());

    // (2) aggregators x shots, with the first method's encoder
    List<ExperimentResults.AggregatorRow> aggregators = new ArrayList<>();
    Path primary = checkpoints.get(cfg.methods().get(0));
    try (PatchEncoder enc = PatchEncoder.open(primary)) {
      for (int shots : cfg.shots()) {
        List<Example> s = shots == 0 ? all.examples()
            : all.examples().subList(0, Math.min(shots, all.examples().size()));
        begin("aggregators, " + s.size() + (s.size() == 1 ? " shot" : " shots"));
        MemoryBank bank = BankBuilder.build(enc, s, classes, new BankConfig(0, 0, true, cfg.seed()), n -> { });
        BankTuning tuning = BankTuning.of(bank, enc, s, cfg.seed());
        for (SegmentOptions o : settings(tuning)) {
          aggregators.add(new ExperimentResults.AggregatorRow(s.size(), o.label(),
              Evaluations.retrieval(enc, bank, o, test, classes).scores()));
        }
        end();
      }
    }

    // (3) a new device
    List<ExperimentResults.AdaptRow> adaptation = cfg.newDevice() == null ? List.of()
        : adaptation(root, classes, support, primary, primaryTuning, primaryFinetune, provenance);

    ExperimentResults results = new ExperimentResults(Machine.current().describe(), date, cfg, classes.names(),
        methods, unet, aggregators, adaptation, List.copyOf(stages), curves);
    return new Outcome(results, test.subList(0, Math.min(GALLERY, test.size())), predictions, checkpoints);
  }

  private List<ExperimentResults.AdaptRow> adaptation(Path root, ClassSet classes, List<Example> support, Path primary,
      BankTuning tuning, Path primaryFinetune, Map<String, String> provenance) throws IOException {
    int most = cfg.adds().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Example> fresh = LabeledSet.load(root.resolve("train"), DatasetOptions.DEFAULT, cfg.newDevice(), most)
        .examples();
    List<Example> test = limit(LabeledSet.load(root.resolve("test"), DatasetOptions.DEFAULT, cfg.newDevice(), 0));
    List<ExperimentResults.AdaptRow> rows = new ArrayList<>();
    begin("new device " + cfg.newDevice());
    try (PatchEncoder enc = PatchEncoder.open(primary)) {
      MemoryBank bank = BankBuilder.build(enc, support, classes, new BankConfig(0, 0, true, cfg.seed()), n -> { });
      SegmentOptions opts = tuning.best();
      rows.add(new ExperimentResults.AdaptRow(0, Evaluations.retrieval(enc, bank, opts, test, classes).scores(), 0,
          predict(primaryFinetune, test, classes).scores(), Double.NaN,
          predict(work.resolve("finetune-unet.ckpt"), test, classes).scores()));
      int done = 0;
      for (int a : cfg.adds()) {
        if (a <= done || a > fresh.size()) {
          continue;
        }
        long t0 = System.nanoTime();
        BankBuilder.add(bank, enc, fresh.subList(done, a), classes, bank.config(), n -> { });
        double addSeconds = (System.nanoTime() - t0) / 1e9;
        done = a;
        Scores retrieval = Evaluations.retrieval(enc, bank, opts, test, classes).scores();
        List<Example> more = new ArrayList<>(support);
        more.addAll(fresh.subList(0, a));
        FinetuneStage.Outcome ft = FinetuneStage.run(cfg.methods().get(0) + "+" + a + cfg.newDevice(),
            FinetuneStage.VIT_HEAD,
            cfg, more, classes, primary, work, listener.training("finetune +" + a), provenance);
        FinetuneStage.Outcome u = FinetuneStage.run("unet+" + a + cfg.newDevice(), "unet", cfg, more, classes, null,
            work, listener.training("unet +" + a), provenance);
        rows.add(new ExperimentResults.AdaptRow(a, retrieval, addSeconds, predict(ft.checkpoint(), test, classes)
            .scores(), ft.seconds(), predict(u.checkpoint(), test, classes).scores()));
      }
    }
    end();
    return rows;
  }

  /** The aggregator table's settings: each aggregator's best, with blocks or upsampled, and the refinements. */
  private List<SegmentOptions> settings(BankTuning tuning) {
    List<SegmentOptions> out = new ArrayList<>();
    for (String method : List.of("distance", "attention")) {
      out.add(tuning.best(method, false));
      SegmentOptions blocks = tuning.best(method, true);
      out.add(blocks);
      if (cfg.variants()) {
        out.add(blocks.withRefinements(true, true, false));
        out.add(blocks.withRefinements(true, false, true));
      }
    }
    out.add(tuning.best("image", false));
    return out;
  }

  private static Evaluations.Run predict(Path finetuned, List<Example> test, ClassSet classes) throws IOException {
    try (SegPredictor p = SegPredictor.open(finetuned)) {
      return Evaluations.finetuned(p, test, classes);
    }
  }

  private void keep(String label, Evaluations.Run run) {
    predictions.put(label, List.copyOf(run.masks().subList(0, Math.min(GALLERY, run.masks().size()))));
  }

  private List<Example> limit(LabeledSet s) {
    List<Example> e = s.examples();
    return cfg.testImages() > 0 && e.size() > cfg.testImages() ? e.subList(0, cfg.testImages()) : e;
  }

  private void begin(String name) {
    stageName = name;
    stageStart = System.nanoTime();
    listener.stage(name);
  }

  private void end() {
    stages.add(new ExperimentResults.Stage(stageName, (System.nanoTime() - stageStart) / 1e9));
  }
}
