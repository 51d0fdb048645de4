package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.data.LabeledSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl bank build}: a memory bank from a checkpoint's encoder and labeled support images. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Build a memory bank: every labeled patch of the support images, with its label.",
        "With --features URI (the Parquet table of 'aoissl spark embed'), the aoissl launcher builds the same bank "
            + "from those features instead of encoding the images (aoissl-spark)."})
public final class BankBuildCommand implements Callable<Integer> {
  @Option(names = "--ckpt", required = true, description = "Pre-training checkpoint (its encoder makes the keys).")
  Path ckpt;

  @Option(names = "--support", required = true, paramLabel = "DIR", description = "Labeled support images.")
  Path support;

  @Option(names = "--out", required = true, paramLabel = "BANK", description = "Bank file to write.")
  Path out;

  @Option(names = "--device", description = "Use only this device's images.")
  String device;

  @Option(names = "--max-images", defaultValue = "0", description = "Use only the first N images by id (0 = all).")
  int maxImages;

  @Option(names = "--augment", defaultValue = "0", description = "Also add K seeded augmented views of each image "
      + "(flips, quarter turns, small scale change, gamma/contrast) (default: ${DEFAULT-VALUE}).")
  int augment;

  @Option(names = "--max-per-image", defaultValue = "0", description = "Keep at most N patches per image, favouring "
      + "rare classes (0 = all) (default: ${DEFAULT-VALUE}).")
  int maxPerImage;

  @Option(names = "--blocks", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Allow pixel-level voting with each patch's full label block (default: on; the blocks are read "
          + "from the stored masks, so they cost no space; bank tune chooses whether to use them).")
  boolean blocks;

  @Option(names = "--index", defaultValue = "auto", description = "auto: ivf from " + BankIndex.IVF_MIN_ENTRIES
      + " entries on, else exact; exact; ivf to save an inverted file beside the bank (BANK.ivf: k-means cells, "
      + "built in seconds, kept in step by bank add; at 10,000 keys it searched in half exact search's time); or "
      + "hnsw for a Lucene HNSW graph (BANK.hnsw/, minutes to build, rebuilt on every change) (default: "
      + "${DEFAULT-VALUE}).")
  String index;

  @Option(names = "--coreset", paramLabel = "F", description = "Keep only a fraction F in (0, 1] of the entries, "
      + "picked by greedy k-center (PatchCore's coreset) so the bank still covers its key space; every image "
      + "stays. bank add later appends all patches of new images (default: keep all).")
  Double coreset;

  @Option(names = "--pca", paramLabel = "R", defaultValue = "0", description = "Fit a rank-R PCA on the bank's "
      + "keys (after --coreset) and store it: searches (exact or HNSW) then run on keys projected to R "
      + "dimensions; the projection stays fixed when images are added (0 = none) (default: ${DEFAULT-VALUE}).")
  int pca;

  @Option(names = "--intensity", defaultValue = "none", description = "none, or stretch: map each image's 1st..99th "
      + "intensity percentiles to 0..1 per channel before encoding (support, added and segmented images alike), for "
      + "devices whose lighting or gain differs; costs one pass over the pixels (default: ${DEFAULT-VALUE}).")
  String intensity;

  @Option(names = "--pixel-size", paramLabel = "P", description = "Pixel pitch of the support images (µm, or any unit "
      + "used alike later): segment and bank add then resample images given with another --pixel-size to it "
      + "(default: none).")
  Double pixelSize;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of augmentation, sampling, coreset and PCA "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force", description = "Replace an existing bank file.")
  boolean force;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!List.of("auto", "exact", "ivf", "hnsw").contains(index)) {
      throw new IllegalArgumentException("--index must be auto, exact, ivf or hnsw; got " + index);
    }
    if (coreset != null && !(coreset > 0 && coreset <= 1)) {
      throw new IllegalArgumentException("--coreset must be in (0, 1]; got " + coreset);
    }
    if (!BankConfig.INTENSITIES.contains(intensity)) {
      throw new IllegalArgumentException("--intensity must be none or stretch; got " + intensity);
    }
    if (pca < 0) {
      throw new IllegalArgumentException("--pca must be >= 1 (or 0 for none); got " + pca);
    }
    Path bankFile = DatasetArgs.abs(out);
    if (Files.exists(bankFile) && !force) {
      throw new BadInputException(bankFile, "exists; use bank add to extend it, or --force to replace it");
    }
    long start = System.nanoTime();
    LabeledSet s = LabeledSet.load(support, dataArgs.options(), device, maxImages, false);
    dataArgs.reportSkipped(support, s.skipped());
    if (pixelSize != null && !(pixelSize > 0)) {
      throw new IllegalArgumentException("--pixel-size must be > 0; got " + pixelSize);
    }
    BankConfig cfg = new BankConfig(augment, maxPerImage, blocks, seed, intensity, pixelSize == null ? 0 : pixelSize);
    MemoryBank bank;
    try (PatchEncoder enc = PatchEncoder.open(DatasetArgs.abs(ckpt));
        Progress p = Progress.start("bank build", s.examples().size())) {
      if (pca > enc.dim()) {
        throw new IllegalArgumentException("--pca must be at most the key width " + enc.dim() + "; got " + pca);
      }
      bank = BankBuilder.build(enc, s.examples(), s.classes(), cfg, n -> p.step());
    }
    int built = bank.size();
    if (coreset != null) {
      bank = BankBuilder.coreset(bank, coreset);
    }
    if (pca > 0) {
      BankBuilder.fitPca(bank, pca);
    }
    bank.putProvenance(BankEncoder.CHECKPOINT, DatasetArgs.abs(ckpt).toString());
    bank.putProvenance("support", DatasetArgs.abs(support).toString());
    BankIndex.deleteSaved(bankFile); // a new bank: indexes of an earlier one at this path are stale
    String saved = index.equals("auto") ? (bank.size() >= BankIndex.IVF_MIN_ENTRIES ? "ivf" : "exact") : index;
    BankIndex.save(bankFile, bank, saved.equals("exact") ? null : saved);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote %s: %d entries from %d images (%d bank images with augmented views), dim %d, classes %s, %.1f s%n",
        bankFile, bank.size(), s.examples().size(), bank.numImages(), bank.dim(), bank.classes().names(),
        (System.nanoTime() - start) / 1e9);
    if (coreset != null) {
      o.printf("coreset %s: kept %d of %d entries%n", coreset, bank.size(), built);
    }
    if (pca > 0) {
      o.printf("pca: searches run on keys projected to rank %d (of dim %d)%n", pca, bank.dim());
    }
    o.printf("search: %s%n", switch (saved) {
      case "ivf" -> "inverted file saved beside the bank (" + BankIndex.ivfFile(bankFile).getFileName() + ")";
      case "hnsw" -> "HNSW index saved beside the bank (" + BankIndex.hnswDir(bankFile).getFileName() + ")";
      default -> "exact" + (index.equals("auto") ? " (an inverted file from " + BankIndex.IVF_MIN_ENTRIES
          + " entries on)" : "");
    });
    o.flush();
    return 0;
  }
}
