package org.aoissl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.aoissl.io.BadInputException;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aoissl bank build}: a memory bank from a checkpoint's encoder and labeled support images. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build a memory bank: every labeled patch of the support images, with its label.")
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

  @Option(names = "--blocks", description = "Also store each patch's full label block (pixel-level voting).")
  boolean blocks;

  @Option(names = "--index", defaultValue = "exact", description = "exact, or hnsw to also build an HNSW index "
      + "beside the bank (BANK.hnsw/) for large banks (default: ${DEFAULT-VALUE}).")
  String index;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of augmentation and sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force", description = "Replace an existing bank file.")
  boolean force;

  @Mixin DatasetArgs dataArgs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!index.equals("exact") && !index.equals("hnsw")) {
      throw new IllegalArgumentException("--index must be exact or hnsw; got " + index);
    }
    Path bankFile = DatasetArgs.abs(out);
    if (Files.exists(bankFile) && !force) {
      throw new BadInputException(bankFile, "exists; use bank add to extend it, or --force to replace it");
    }
    long start = System.nanoTime();
    SupportSet s = SupportSet.load(support, dataArgs.options(), device, maxImages);
    BankConfig cfg = new BankConfig(augment, maxPerImage, blocks, seed);
    MemoryBank bank;
    try (PatchEncoder enc = PatchEncoder.open(DatasetArgs.abs(ckpt));
        Progress p = Progress.start("bank build", s.examples().size())) {
      bank = BankBuilder.build(enc, s.examples(), s.classes(), cfg, n -> p.step());
    }
    bank.putProvenance(Banks.CHECKPOINT, DatasetArgs.abs(ckpt).toString());
    bank.putProvenance("support", DatasetArgs.abs(support).toString());
    Banks.save(bankFile, bank, index.equals("hnsw"));
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote %s: %d entries from %d images (%d with augmented views), dim %d, classes %s, %.1f s%n",
        bankFile, bank.size(), s.examples().size(), bank.numImages(), bank.dim(), bank.classes().names(),
        (System.nanoTime() - start) / 1e9);
    o.flush();
    return 0;
  }
}
