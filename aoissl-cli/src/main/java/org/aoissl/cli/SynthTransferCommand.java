package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aoissl.data.LabelEncoding;
import org.aoissl.synth.DieLook;
import org.aoissl.synth.SynthDatasetWriter;
import org.aoissl.synth.TransferConfig;
import org.aoissl.synth.TransferDatasetWriter;
import org.aoissl.synth.TransferDevices;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aoissl synth transfer}: the synthetic cross-device transfer benchmark. */
@Command(name = "transfer", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Generate the cross-device transfer benchmark: labeled support images of device a and the",
      "devices a method meets next, under --out in the layout 'aoissl synth' writes.",
      "Devices: a (a quad package whose units vary as on a real line), a-frame (the same package",
      "type on another leadframe), a-zoom (a under another magnification), a-light (a under another",
      "lighting recipe, die brightness turned round), b (dual package, tall die, staggered pads,",
      "long wires), c (leads top and bottom, wide die, short wires).",
      "Writes train/ (labeled pool per device), test/ (labeled, per device) and pretrain/",
      "(unlabeled, all devices); stems are <device>_<index>, so --device filters work on it.",
      "The same options and seed always give the same bytes."
    })
public final class SynthTransferCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New output folder.")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed; the same seed gives the same dataset (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--size", defaultValue = "512", description = "Image width and height in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--width", description = "Image width in pixels, for non-square images (default: --size).")
  Integer width;

  @Option(names = "--height", description = "Image height in pixels, for non-square images (default: --size).")
  Integer height;

  @Option(names = "--scale", defaultValue = "1.0", description = "Pixels per unit of the 512-px reference design; at 1 wires are 2 px wide and balls 10 px across (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--zoom", defaultValue = "1.4", description = "Magnification of device a-zoom relative to a, in [0.6, 1.6] (default: ${DEFAULT-VALUE}).")
  double zoom;

  @Option(names = "--appearance", defaultValue = "dark-die", description = "dark-die (dark die on a bright leadframe) or bright-die (default: ${DEFAULT-VALUE}).")
  String appearance;

  @Option(names = "--channels", defaultValue = "1", description = "1 (bright-field buffer only, like an ordinary monochrome AOI camera) or 2 (bright-field and dark-field) (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--bits", defaultValue = "8", description = "8 or 16 bits per pixel (default: ${DEFAULT-VALUE}).")
  int bits;

  @Option(names = "--labels", defaultValue = "bits", description = "Label encoding: bits (exact multi-label) or ids (the authors' single-label maps) (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--train", defaultValue = "10", description = "Labeled train images per device, the pool 1-, 2- and 5-shot support sets come from (default: ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--test", defaultValue = "10", description = "Labeled test images per device (default: ${DEFAULT-VALUE}).")
  int test;

  @Option(names = "--unlabeled", defaultValue = "8", description = "Unlabeled pre-training images per device (default: ${DEFAULT-VALUE}).")
  int unlabeled;

  @Option(names = "--threads", description = "Render threads (default: all cores).")
  Integer threads;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  TransferConfig config() {
    return new TransferConfig(seed, width != null ? width : size, height != null ? height : size,
        scale, zoom, DieLook.parse(appearance), channels, bits, LabelEncoding.parse(labels), train,
        test, unlabeled, threads != null ? threads : Runtime.getRuntime().availableProcessors());
  }

  @Override
  public Integer call() throws IOException {
    TransferConfig cfg = config();
    int total = TransferDevices.IDS.size() * (cfg.train() + cfg.test() + cfg.unlabeled());
    SynthDatasetWriter.Summary s;
    try (Progress p = Progress.start("synth transfer", total)) {
      s = TransferDatasetWriter.write(out, cfg, p::step);
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf("wrote %s: %s, devices %s, %dx%d, %d channel(s), %.1f s%n", s.root(),
        s.imagesPerSplit(), s.devices(), cfg.width(), cfg.height(), cfg.channels(), s.seconds());
    pw.flush();
    return 0;
  }
}
