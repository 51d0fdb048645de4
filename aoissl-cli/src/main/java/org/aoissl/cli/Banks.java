package org.aoissl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.StagedDirectory;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.ExactIndex;
import org.aoissl.retrieval.HnswIndex;
import org.aoissl.retrieval.HnswParams;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.NeighborIndex;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.ProjectedIndex;

/** What the bank and segment commands share: the checkpoint a bank belongs to, its index, saving. */
final class Banks {
  /** Provenance key of the checkpoint path a bank was built with. */
  static final String CHECKPOINT = "checkpoint.path";

  private Banks() {}

  /** The HNSW index folder that belongs beside a bank file. */
  static Path hnswDir(Path bankFile) {
    return bankFile.resolveSibling(bankFile.getFileName() + ".hnsw");
  }

  /**
   * The encoder for a bank: {@code ckpt} if given, else the checkpoint the bank was built with; refused
   * when its identity differs from the bank's.
   */
  static PatchEncoder encoder(Path ckpt, MemoryBank bank, Path bankFile) throws IOException {
    Path path = ckpt;
    if (path == null) {
      String recorded = bank.provenance().get(CHECKPOINT);
      if (recorded == null || !Files.isRegularFile(Path.of(recorded))) {
        throw new BadInputException(bankFile, "give --ckpt: the checkpoint it was built with ("
            + bank.encoder().checkpoint() + (recorded == null ? "" : " at " + recorded) + ") is not there");
      }
      path = Path.of(recorded);
    }
    PatchEncoder enc = PatchEncoder.open(DatasetArgs.abs(path), bank.encoder().tile());
    try {
      bank.encoder().requireSame(enc.id(), bankFile);
    } catch (BadInputException e) {
      enc.close();
      throw e;
    }
    return enc;
  }

  /**
   * Exact search, or the HNSW index saved beside the bank (built in memory when there is none). With a
   * PCA in the bank, either searches the projected keys inside a {@link ProjectedIndex}, which projects
   * the queries; callers always pass full-width queries.
   */
  static NeighborIndex index(String kind, MemoryBank bank, Path bankFile) throws IOException {
    NeighborIndex inner;
    switch (kind) {
      case "exact":
        inner = new ExactIndex(searchKeys(bank), bank.size(), searchDim(bank));
        break;
      case "hnsw":
        Path dir = hnswDir(bankFile);
        inner = Files.isDirectory(dir) ? openHnsw(bank, bankFile)
            : HnswIndex.build(searchKeys(bank), bank.size(), searchDim(bank), HnswParams.DEFAULT);
        break;
      default:
        throw new IllegalArgumentException("unknown index '" + kind + "'; use exact or hnsw");
    }
    return bank.pca() == null ? inner : new ProjectedIndex(bank.pca(), inner);
  }

  /** The HNSW index saved beside the bank, over its search keys ({@link #searchKeys}). */
  static HnswIndex openHnsw(MemoryBank bank, Path bankFile) throws IOException {
    Path dir = hnswDir(bankFile);
    HnswIndex h = HnswIndex.open(dir, FormatUtil.checksum(bankFile));
    if (h.dim() != searchDim(bank) || h.size() != bank.size()) {
      h.close();
      throw new BadInputException(dir, "indexes " + h.size() + " keys of width " + h.dim() + "; the bank searches "
          + bank.size() + " of width " + searchDim(bank));
    }
    return h;
  }

  /** The keys searches run over, {@code [size, searchDim]}: projected by the bank's PCA when it has one. */
  static float[] searchKeys(MemoryBank bank) {
    return bank.pca() == null ? bank.keys() : bank.pca().project(bank.keys(), bank.size());
  }

  /** Width of {@link #searchKeys}: the PCA rank, or the key width. */
  static int searchDim(MemoryBank bank) {
    return bank.pca() == null ? bank.dim() : bank.pca().rank();
  }

  /**
   * Writes the bank atomically, and rebuilds its HNSW index when it has (or should have) one, over the
   * search keys (projected when the bank has a PCA).
   */
  static void save(Path bankFile, MemoryBank bank, boolean hnsw) throws IOException {
    Path dir = hnswDir(bankFile);
    boolean index = hnsw || Files.isDirectory(dir);
    BankFile.write(bankFile, bank);
    if (index) {
      // The index is tagged with the bank file's checksum, so a stale one is refused, never used.
      StagedDirectory.deleteTree(dir);
      HnswIndex.build(dir, FormatUtil.checksum(bankFile), searchKeys(bank), bank.size(), searchDim(bank),
          HnswParams.DEFAULT).close();
    }
  }

  /** The support folder given, or the one the bank records it was built from. */
  static Path supportDir(Path given, MemoryBank bank, Path bankFile) throws BadInputException {
    if (given != null) {
      return given;
    }
    String recorded = bank.provenance().get("support");
    if (recorded == null) {
      throw new BadInputException(bankFile, "give --support: the bank does not record its support folder");
    }
    return Path.of(recorded);
  }

  /**
   * The pixel size given for images entering a bank (0 when none was given), refused when the bank has
   * none to resample to.
   */
  static double pixelSize(Double given, MemoryBank bank, Path bankFile) throws BadInputException {
    if (given == null) {
      return 0;
    }
    if (!(given > 0) || given.isInfinite()) {
      throw new IllegalArgumentException("--pixel-size must be > 0; got " + given);
    }
    if (bank.config().pixelSize() == 0) {
      throw new BadInputException(bankFile, "has no pixel size to resample to; build it with --pixel-size");
    }
    return given;
  }
}
