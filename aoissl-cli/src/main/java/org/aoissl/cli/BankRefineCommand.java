package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.io.BadInputException;
import org.aoissl.refine.RefinerConfig;
import org.aoissl.refine.RefinerTrainer;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl bank refine}: trains the learned refiner on the bank's support images and stores it. */
@Command(name = "refine", mixinStandardHelpOptions = true,
    description = "Train a small U-Net that corrects retrieval: it reads each support image with its retrieval "
        + "scores computed leaving that image out of the bank, and learns the label. Stored in the bank; segment "
        + "uses it by default, bank add keeps it. It reads distance-weighted kNN scores: a bank tuned to another "
        + "aggregator is first tuned again among distance settings (about 20 s for 5 support images, outside "
        + "--seconds).")
public final class BankRefineCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BANK", description = "Bank file (rewritten atomically).")
  Path bank;

  @Option(names = "--support", paramLabel = "DIR", description = "The labeled support images (default: the folder "
      + "the bank was built from); images whose id is not in the bank are used too.")
  Path support;

  @Option(names = "--ckpt", description = "Checkpoint (default: the one the bank was built with).")
  Path ckpt;

  @Option(names = "--seconds", description = "Time budget, score maps included (default: 60). The refiner's "
      + "quality grows with it; segmenting costs the same.")
  Double seconds;

  @Option(names = "--steps", description = "Step budget instead of time (reproducible to the bit on one machine).")
  Long steps;

  @Option(names = "--width", defaultValue = "8", description = "Channels of the first level (default: "
      + "${DEFAULT-VALUE}; cost per step grows with its square).")
  int width;

  @Option(names = "--depth", defaultValue = "3", description = "Downsamplings (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--crop", defaultValue = "96", description = "Training crop side in pixels (default: "
      + "${DEFAULT-VALUE}).")
  int crop;

  @Option(names = "--shifted", description = "Train on scores with shifted grids (finer, 4x encoder time at "
      + "segment; segment then uses them by default).")
  boolean shifted;

  @Option(names = "--prior", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Start "
      + "from thresholded retrieval and learn corrections; --no-prior learns the whole mask (default: on).")
  boolean prior;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (seconds != null && steps != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --seconds or --steps, not both");
    }
    RefinerConfig cfg;
    try {
      cfg = RefinerConfig.DEFAULT.withShape(width, depth, crop).withSeed(seed).withPrior(prior)
          .withBudget(steps != null ? 0 : seconds != null ? seconds : 60, steps != null ? steps : 0);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    Path dir = Banks.supportDir(support, b, bankFile);
    List<Example> examples = new ArrayList<>();
    for (Example e : LabeledSet.load(dir, dataArgs.options(), null, 0).examples()) {
      if (e.labeled()) {
        examples.add(e);
      }
    }
    Set<String> inBank = new HashSet<>();
    for (BankImage im : b.images()) {
      inBank.add(im.id());
    }
    long known = examples.stream().filter(e -> inBank.contains(e.sample().id())).count();
    Map<String, AoiImage> byId = new HashMap<>();
    examples.forEach(e -> byId.put(e.sample().id(), e.image()));
    PrintWriter o = spec.commandLine().getOut();
    long t0;
    List<Example> inputs;
    SegmentOptions opts;
    try (PatchEncoder enc = BankEncoder.open(ckpt, b, bankFile)) {
      String tunedMethod = b.settings().method();
      if (!RefinerTrainer.SCORE_METHOD.equals(tunedMethod)) {
        long tuneStart = System.nanoTime();
        try (Progress p = Progress.start("tune " + RefinerTrainer.SCORE_METHOD + " scores",
            b.images().stream().filter(im -> im.view() == 0).count())) {
          b.setSettings(RefinerTrainer.scoreSettings(b, enc, byId::get, seed, n -> p.step()));
        }
        o.printf("the bank was tuned to %s; the refiner reads %s scores, which it corrects better (bench/RESULTS.md): "
            + "tuned in %.1f s to %s, stored as the bank's settings%n", tunedMethod, RefinerTrainer.SCORE_METHOD,
            (System.nanoTime() - tuneStart) / 1e9, SegmentOptions.of(b.settings()).label());
        o.flush();
      }
      SegmentOptions stored = SegmentOptions.of(b.settings());
      opts = stored.withRefinements(stored.blocks(), shifted, false);
      t0 = System.nanoTime();
      try (Progress p = Progress.start("score maps (leave-image-out)", examples.size())) {
        inputs = RefinerTrainer.inputs(b, enc, opts, examples, n -> p.step());
      }
    } catch (IllegalArgumentException e) {
      throw new BadInputException(DatasetArgs.abs(dir), e.getMessage());
    }
    RefinerTrainer.Result r;
    try (TrainProgress listener = new TrainProgress("refine", spec.commandLine().getErr())) {
      r = RefinerTrainer.train(b, opts, inputs, (System.nanoTime() - t0) / 1e9, cfg,
          bankFile.toAbsolutePath().getParent(), listener);
    }
    b.setRefiner(r.contents());
    BankIndex.save(bankFile, b, null);
    o.printf("refiner trained on %d labeled images (%d of them in the bank): score maps %.1f s, training %.1f s%n",
        examples.size(), known, r.scoreSeconds(), r.trainSeconds());
    o.printf("stored in %s: %s%n", bankFile, r.state().describe());
    o.flush();
    return 0;
  }
}
