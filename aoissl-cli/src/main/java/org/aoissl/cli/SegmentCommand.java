package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Dataset;
import org.aoissl.data.Sample;
import org.aoissl.io.BadInputException;
import org.aoissl.io.StagedDirectory;
import org.aoissl.refine.Refiner;
import org.aoissl.refine.RefinerState;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankSettings;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.SegmentOptions;
import org.aoissl.retrieval.Segmenter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl segment}: masks for new images by retrieval from a bank. */
@Command(name = "segment", mixinStandardHelpOptions = true,
    description = "Segment images by patch retrieval from a memory bank; writes label maps, per-class masks and "
        + "colour overlays.")
public final class SegmentCommand implements Callable<Integer> {
  @Option(names = "--bank", required = true, description = "Memory bank file.")
  Path bank;

  @Option(names = "--ckpt", description = "Checkpoint (default: the one the bank was built with).")
  Path ckpt;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "Images to segment (any layout; "
      + "labels, if present, are not used).")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New output folder: labels/ "
      + "(bit-packed multi-label PNGs), masks/ (one PNG per class), overlays/.")
  Path out;

  @Option(names = "--method", description = "distance, attention or image (default: the bank's setting).")
  String method;

  @Option(names = "--k", description = "Neighbours (default: the bank's setting).")
  Integer k;

  @Option(names = "--beta", description = "Attention temperature (default: the bank's setting).")
  Float beta;

  @Option(names = "--blocks", negatable = true, description = "Vote with the neighbours' full label blocks, or "
      + "--no-blocks to upsample patch scores (default: the bank's setting).")
  Boolean blocks;

  @Option(names = "--shifted", description = "Also encode on grids shifted by half a patch (finer boundaries, 4x "
      + "encoder time; default: as the bank's refiner was trained, else off).")
  Boolean shifted;

  @Option(names = "--refine", description = "Edge-aware refinement of the scores guided by the image (default: as "
      + "the bank's refiner was trained, else off).")
  Boolean refine;

  @Option(names = "--refiner", defaultValue = "auto", description = "The bank's learned refiner (bank refine): auto "
      + "uses it when the bank has one and the score options are those it was trained on, on requires it, off "
      + "thresholds retrieval's scores (default: ${DEFAULT-VALUE}). Costs one small U-Net pass per image.")
  String refinerMode;

  @Option(names = "--index", description = "exact or hnsw (default: hnsw when the bank has a saved index, else exact).")
  String index;

  @Option(names = "--pixel-size", paramLabel = "P", description = "Pixel pitch of these images, in the unit the bank "
      + "was built with: they are segmented at the bank's pitch, masks at their own size (default: the same pitch).")
  Double pixelSize;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path bankFile = DatasetArgs.abs(bank);
    MemoryBank b = BankFile.read(bankFile);
    if (!List.of("auto", "on", "off").contains(refinerMode)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--refiner must be auto, on or off; got '"
          + refinerMode + "'");
    }
    BankSettings s = b.settings();
    RefinerState rs = b.refiner() == null || refinerMode.equals("off") ? null : Refiner.state(b.refiner(), bankFile);
    SegmentOptions base = rs != null ? rs.scoreOptions().withThresholds(s.thresholds()) : SegmentOptions.of(s);
    SegmentOptions opts = new SegmentOptions(method != null ? method : base.method(), k != null ? k : base.k(),
        beta != null ? beta : base.beta(), s.thresholds(), blocks != null ? blocks : base.blocks(),
        shifted != null ? shifted : base.shifted(), refine != null ? refine : base.refine());
    boolean useRefiner = rs != null && rs.scoreOptions().sameScores(opts);
    if (refinerMode.equals("on") && !useRefiner) {
      throw new BadInputException(bankFile, rs == null ? "has no refiner; run 'aoissl bank refine' first or use "
          + "--refiner auto" : "has a refiner trained on scores of '" + rs.scoreOptions().label() + "'; these options "
          + "give '" + opts.label() + "'");
    }
    if (rs != null && !useRefiner) {
      spec.commandLine().getErr().println("note: the bank's refiner is not used: it reads scores of '"
          + rs.scoreOptions().label() + "', these options give '" + opts.label() + "'");
      spec.commandLine().getErr().flush();
    }
    double pitch = Banks.pixelSize(pixelSize, b, bankFile);
    List<Sample> samples = PredictCommand.samples(images, dataArgs);
    String kind = index != null ? index : Files.isDirectory(Banks.hnswDir(bankFile)) ? "hnsw" : "exact";
    long[] totals = new long[4];
    try (PatchEncoder enc = Banks.encoder(ckpt, b, bankFile);
        NeighborIndex idx = Banks.index(kind, b, bankFile);
        Refiner refiner = useRefiner ? Refiner.open(b.refiner(), bankFile) : null) {
      Segmenter seg = new Segmenter(enc, b, idx, opts, Set.of(), refiner);
      StagedDirectory.write(DatasetArgs.abs(out), dir -> {
        PredictionFolder.create(dir);
        try (Progress p = Progress.start("segment", samples.size())) {
          for (Sample smp : samples) {
            AoiImage img = Dataset.readImage(smp);
            if (img.channels() != b.encoder().channels()) {
              throw new BadInputException(smp.imageFiles().get(0), "has " + img.channels()
                  + " channels; the bank's encoder takes " + b.encoder().channels());
            }
            Segmenter.Prediction pr = seg.segment(img, pitch);
            PredictionFolder.write(dir, smp.id(), img, pr.mask(), b.classes());
            totals[0] += pr.timing().encode();
            totals[1] += pr.timing().search();
            totals[2] += pr.timing().aggregate();
            totals[3]++;
            p.step();
          }
        }
        return null;
      });
    }
    PrintWriter o = spec.commandLine().getOut();
    double n = totals[3];
    o.printf("segmented %d images with %s%s (%s search, bank of %d entries) into %s%n", (int) n, opts.label(),
        useRefiner ? " + refiner" : "", kind, b.size(), DatasetArgs.abs(out));
    o.printf("per image: encode %.1f ms, search %.1f ms, aggregate %.1f ms%n", totals[0] / n / 1e6,
        totals[1] / n / 1e6, totals[2] / n / 1e6);
    o.flush();
    return 0;
  }
}
