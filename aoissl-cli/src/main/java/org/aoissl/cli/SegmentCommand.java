package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Sample;
import org.aoissl.inspect.Inspector;
import org.aoissl.inspect.ModelInput;
import org.aoissl.inspect.PredictionFolder;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.io.StagedDirectory;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
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

  @Option(names = "--index", description = "exact, hnsw or ivf (an inverted file: at 409,600 keys about a fortieth "
      + "of exact search's time at recall@10 0.97; read from BANK.ivf when bank build saved one, else built in "
      + "memory in about 15 s); default: the index saved beside the bank, else exact.")
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
    SegmentChoices choices;
    try {
      choices = new SegmentChoices(method, k, beta, blocks, shifted, refine, refinerMode);
    } catch (IllegalArgumentException e) {
      // The choices name their fields as the options do.
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    double pitch = Banks.pixelSize(pixelSize, b, bankFile);
    List<Sample> samples = PredictCommand.samples(images, dataArgs);
    long[] totals = new long[4];
    String label;
    String kind;
    try (PatchEncoder enc = BankEncoder.open(ckpt, b, bankFile);
        Inspector ins = Inspector.open(bankFile, b, enc, index, choices)) {
      if (ins.resolved().note() != null) {
        spec.commandLine().getErr().println("note: " + ins.resolved().note());
        spec.commandLine().getErr().flush();
      }
      label = ins.label();
      kind = ins.indexKind();
      StagedDirectory.write(DatasetArgs.abs(out), dir -> {
        PredictionFolder.create(dir);
        try (Progress p = Progress.start("segment", samples.size())) {
          int batch = ins.imagesPerSearch();
          for (int from = 0; from < samples.size(); from += batch) {
            List<Sample> group = samples.subList(from, Math.min(samples.size(), from + batch));
            List<AoiImage> imgs = new ArrayList<>();
            for (Sample smp : group) {
              imgs.add(ModelInput.read(smp, b.encoder().channels(), "the bank's encoder"));
            }
            List<Segmenter.Prediction> preds = ins.segmentAll(imgs, pitch);
            for (int i = 0; i < group.size(); i++) {
              Segmenter.Prediction pr = preds.get(i);
              PredictionFolder.write(dir, group.get(i).id(), imgs.get(i), pr.mask(), b.classes());
              totals[0] += pr.timing().encode();
              totals[1] += pr.timing().search();
              totals[2] += pr.timing().aggregate();
              totals[3]++;
              p.step();
            }
          }
        }
        return null;
      });
    }
    PrintWriter o = spec.commandLine().getOut();
    double n = totals[3];
    o.printf("segmented %d images with %s (%s search, bank of %d entries) into %s%n", (int) n, label, kind,
        b.size(), DatasetArgs.abs(out));
    o.printf("per image: encode %.1f ms, search %.1f ms, aggregate %.1f ms%n", totals[0] / n / 1e6,
        totals[1] / n / 1e6, totals[2] / n / 1e6);
    o.flush();
    return 0;
  }
}
