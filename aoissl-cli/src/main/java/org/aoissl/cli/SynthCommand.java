package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aoissl.data.LabelEncoding;
import org.aoissl.synth.SynthConfig;
import org.aoissl.synth.SynthDatasetWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aoissl synth}: a synthetic wire-bond dataset in the authors' layout. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = SynthTransferCommand.class,
    description = {
      "Generate synthetic two-channel AOI images of wire-bonded packages with exact multi-label masks.",
      "Writes pretrain/ (unlabeled), train/ val/ test/ (labeled) and optionally test-shift/ under --out.",
      "'synth transfer' writes the cross-device transfer benchmark instead."
    })
public final class SynthCommand implements Callable<Integer> {
  // Not required=true: picocli would then demand it before 'synth transfer' too.
  @Option(names = "--out", paramLabel = "DIR", description = "New output folder (required).")
  Path out;

  @Option(names = "--devices", defaultValue = "3", description = "Number of devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--per-device", defaultValue = "20", description = "Labeled images per device (default: ${DEFAULT-VALUE}).")
  int perDevice;

  @Option(names = "--unlabeled", defaultValue = "60", description = "Unlabeled pre-training images in total (default: ${DEFAULT-VALUE}).")
  int unlabeled;

  @Option(names = "--size", defaultValue = "512", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same dataset (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bits", defaultValue = "8", description = "8 or 16 bits per pixel (default: ${DEFAULT-VALUE}).")
  int bits;

  @Option(names = "--labels", defaultValue = "bits", description = "Label encoding: bits (exact multi-label) or ids (the authors' single-label maps) (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--split", defaultValue = "0.6,0.2", split = ",", description = "Train and val fractions of each device's labeled images; the rest is test (default: ${DEFAULT-VALUE}).")
  double[] split;

  @Option(names = "--shifted", description = "Also write test-shift/: the test scenes under lighting, contrast and focus shifts.")
  boolean shifted;

  @Option(names = "--threads", description = "Render threads (default: all cores).")
  Integer threads;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  SynthConfig config() {
    if (out == null) {
      throw new IllegalArgumentException("Missing required option: '--out=DIR'");
    }
    if (split.length != 2) {
      throw new IllegalArgumentException("--split takes two fractions, train,val; got " + split.length);
    }
    return new SynthConfig(devices, perDevice, unlabeled, size, seed, bits, LabelEncoding.parse(labels),
        split[0], split[1], shifted, threads != null ? threads : Runtime.getRuntime().availableProcessors());
  }

  @Override
  public Integer call() throws IOException {
    SynthConfig cfg = config();
    int total = cfg.devices() * (cfg.perDevice() + (cfg.shifted() ? cfg.splitCounts()[2] : 0)) + cfg.unlabeled();
    SynthDatasetWriter.Summary s;
    try (Progress p = Progress.start("synth", total)) {
      s = SynthDatasetWriter.write(out, cfg, p::step);
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("wrote %s: %s, devices %s, %.1f s%n", s.root(), s.imagesPerSplit(), s.devices(), s.seconds());
    pw.flush();
    return 0;
  }
}
