package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aoissl.bench.Machine;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.experiment.AggregatorSweep;
import org.aoissl.experiment.Evaluations;
import org.aoissl.io.FormatUtil;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.retrieval.Segmenter;
import org.aoissl.data.LabeledSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aoissl bench segment}: segmentation quality of retrieval on a labeled split root — every
 * aggregator with and without the refinements, from a few support images of one device, and the lift
 * from adding labeled images of a new device. Prints markdown for {@code bench/RESULTS.md}.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
    description = "Per-class IoU of retrieval segmentation: aggregators x refinements from N support images of "
        + "one device, and new-device adaptation by bank add. Markdown on stdout.")
public final class BenchSegmentCommand implements Callable<Integer> {
  @Option(names = "--ckpt", required = true, description = "Pre-training checkpoint.")
  Path ckpt;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Split root with train/ and test/.")
  Path data;

  @Option(names = "--device", required = true, description = "The device the support images come from.")
  String device;

  @Option(names = "--shots", defaultValue = "5", description = "Support images (default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(names = "--new-device", description = "A device not in the bank: its test IoU before and after adding "
      + "its first --add training images.")
  String newDevice;

  @Option(names = "--add", split = ",", defaultValue = "1,2,5", description = "How many new-device images to add, "
      + "cumulatively (default: ${DEFAULT-VALUE}).")
  int[] add;

  @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds for tuning (default: "
      + "${DEFAULT-VALUE}).")
  int folds;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    Path root = DatasetArgs.abs(data);
    LabeledSet support = LabeledSet.load(root.resolve("train"), dataArgs.options(), device, shots);
    LabeledSet test = LabeledSet.load(root.resolve("test"), dataArgs.options(), device, 0);
    ClassSet classes = support.classes();
    o.printf("## Retrieval segmentation, `aoissl bench segment` (%s)%n%n", Instant.now());
    o.printf("machine: %s; load average %s; checkpoint %s (checksum %s); data %s%n%n", Machine.current(),
        Machine.loadAverage(), ckpt.getFileName(), FormatUtil.checksum(DatasetArgs.abs(ckpt)), root);
    try (PatchEncoder enc = PatchEncoder.open(DatasetArgs.abs(ckpt))) {
      long t0 = System.nanoTime();
      MemoryBank bank = BankBuilder.build(enc, support.examples(), classes, new BankConfig(0, 0, true, 0), n -> { });
      o.printf("bank: %d support images of %s, %d entries, built in %.2f s; test: %d images of %s; IoU pooled over "
          + "the test set (intersection and union summed over all images)%n%n", support.examples().size(), device,
          bank.size(), (System.nanoTime() - t0) / 1e9, test.examples().size(), device);
      header(o, classes, "setting (tuned by " + folds + "-fold CV on the support set)");
      List<AggregatorSweep.Row> rows = AggregatorSweep.run(bank, enc, support.examples(), test.examples(), classes,
          folds);
      for (AggregatorSweep.Row r : rows) {
        row(o, r.options().label(), r.run());
      }
      BankSettings best = AggregatorSweep.best(rows);
      if (newDevice != null) {
        adaptation(o, enc, bank, best, root, classes);
      }
    }
    o.flush();
    return 0;
  }

  private void adaptation(PrintWriter o, PatchEncoder enc, MemoryBank bank, BankSettings best, Path root,
      ClassSet classes) throws IOException {
    int most = 0;
    for (int a : add) {
      most = Math.max(most, a);
    }
    List<Example> fresh = LabeledSet.load(root.resolve("train"), dataArgs.options(), newDevice, most).examples();
    List<Example> test = LabeledSet.load(root.resolve("test"), dataArgs.options(), newDevice, 0).examples();
    o.printf("%n### New device %s (bank of %s, settings %s kept; %d test images)%n%n", newDevice, device,
        SegmentOptions.of(best).label(), test.size());
    header(o, classes, "bank");
    row(o, device + " only", evaluate(enc, bank, SegmentOptions.of(best), test, classes));
    int done = 0;
    for (int a : add) {
      if (a <= done || a > fresh.size()) {
        continue;
      }
      long t0 = System.nanoTime();
      BankBuilder.add(bank, enc, fresh.subList(done, a), classes, bank.config(), n -> { });
      double seconds = (System.nanoTime() - t0) / 1e9;
      done = a;
      row(o, String.format(Locale.ROOT, "+ %d image%s of %s (added in %.2f s)", a, a == 1 ? "" : "s", newDevice,
          seconds), evaluate(enc, bank, SegmentOptions.of(best), test, classes));
    }
  }

  private static Evaluations.Run evaluate(PatchEncoder enc, MemoryBank bank, SegmentOptions opts, List<Example> test,
      ClassSet classes) {
    return Evaluations.retrieval(enc, bank, opts, test, classes);
  }

  private static void header(PrintWriter o, ClassSet classes, String first) {
    StringBuilder h = new StringBuilder("| " + first + " | mIoU |");
    StringBuilder sep = new StringBuilder("|---|---|");
    for (String c : classes.names()) {
      h.append(' ').append(c).append(" |");
      sep.append("---|");
    }
    h.append(" ").append(classes.name(0)).append(" clDice | ms/image (encode + search + aggregate) |");
    sep.append("---|---|");
    o.println(h);
    o.println(sep);
  }

  private static void row(PrintWriter o, String label, Evaluations.Run r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f |", label, r.scores().miou()));
    for (double iou : r.scores().iou().values()) {
      b.append(String.format(Locale.ROOT, " %.3f |", iou));
    }
    Segmenter.Timing t = r.perImage();
    b.append(String.format(Locale.ROOT, " %.3f | %.0f + %.0f + %.0f |", r.scores().clDice(),
        t.encode() / 1e6, t.search() / 1e6, t.aggregate() / 1e6));
    o.println(b);
    o.flush();
  }
}
