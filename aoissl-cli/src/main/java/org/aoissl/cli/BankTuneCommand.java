package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.Aggregators;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.data.Example;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankTuner;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.data.LabeledSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aoissl bank tune}: k, β, aggregator and thresholds by cross-validation on the support set. */
@Command(name = "tune", mixinStandardHelpOptions = true,
    description = "Choose aggregator, k, beta and per-class thresholds by k-fold cross-validation on the bank's "
        + "own support images; the choice is stored in the bank.")
public final class BankTuneCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BANK", description = "Bank file (rewritten atomically).")
  Path bank;

  @Option(names = "--support", paramLabel = "DIR", description = "The support images (default: the folder the bank "
      + "was built from).")
  Path support;

  @Option(names = "--ckpt", description = "Checkpoint (default: the one the bank was built with).")
  Path ckpt;

  @Option(names = "--folds", defaultValue = "" + BankTuner.DEFAULT_FOLDS, description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--method", description = "Tune only this aggregator: distance, attention or image "
      + "(default: all three).")
  String method;

  @Option(names = "--shifts", defaultValue = "" + BankTuner.DEFAULT_SHIFTS, description = "Also hold out N copies of each support image as a new "
      + "device would show it (moved, magnified up to 1.4x, relit): only settings within 90 %% of the best estimate "
      + "on those may be chosen, so that what only works on the support device is not; 0 = the images alone. "
      + "Tuning time grows about (1 + N)-fold (default: ${DEFAULT-VALUE}).")
  int shifts;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the fold split and the shifts "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (shifts < 0 || shifts > 20) {
      throw new IllegalArgumentException("--shifts must be in [0, 20]; got " + shifts);
    }
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    Path dir = Banks.supportDir(support, b, bankFile);
    Map<String, Example> byId = new HashMap<>();
    for (Example e : LabeledSet.load(dir, dataArgs.options(), null, 0).examples()) {
      byId.put(e.sample().id(), e);
    }
    long start = System.nanoTime();
    List<BankTuner.Query> queries;
    BankTuner.Result r;
    try (PatchEncoder enc = BankEncoder.open(ckpt, b, bankFile);
        Progress p = Progress.start("encode support", b.images().stream().filter(im -> im.view() == 0).count())) {
      queries = BankTuner.encodeSupport(b, enc, id -> byId.containsKey(id) ? byId.get(id).image() : null,
          shifts, seed, n -> p.step());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(DatasetArgs.abs(dir), e.getMessage());
    }
    Set<String> methods = method == null ? Set.copyOf(Aggregators.methods()) : Set.of(method);
    try (Progress p = Progress.start("tune", queries.size())) {
      r = BankTuner.tune(b, queries, folds, seed, methods, n -> p.step());
    }
    b.setSettings(r.best());
    BankIndex.save(bankFile, b, null);
    print(r, b, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private void print(BankTuner.Result r, MemoryBank b, double seconds) {
    PrintWriter o = spec.commandLine().getOut();
    List<BankTuner.Candidate> sorted = new ArrayList<>(r.candidates());
    sorted.sort(Comparator.comparingDouble(BankTuner.Candidate::miou).reversed());
    o.printf("%d-fold cross-validation%s, %d candidates, %.1f s; best 10 (IoU per class at its best threshold):%n",
        r.folds(), shifts > 0 ? " under new-device shifts (" + shifts + " per image)" : "", sorted.size(), seconds);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-34s %6s %8s", "setting", "mIoU",
        "shifted"));
    for (String c : b.classes().names()) {
      head.append(String.format(Locale.ROOT, " %8s", c));
    }
    o.println(head);
    for (BankTuner.Candidate c : sorted.subList(0, Math.min(10, sorted.size()))) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-34s %6.3f %8.3f", c.label(), c.miou(),
          c.shiftedMiou()));
      for (double v : c.iou()) {
        line.append(String.format(Locale.ROOT, " %8.3f", v));
      }
      o.println(line);
    }
    BankTuner.Candidate plainBest = sorted.get(0);
    if (shifts > 0 && plainBest != r.chosen()) {
      o.printf(Locale.ROOT, "not chosen: %s (mIoU %.3f) does not transfer: %.3f under new-device shifts, below 90 %% of "
          + "the best %.3f%n", plainBest.label(), plainBest.miou(), plainBest.shiftedMiou(),
          BankTuner.bestShifted(r.candidates()));
    }
    o.printf("stored in the bank: %s%n", r.best());
    o.flush();
  }
}
