package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.StagedDirectory;

/**
 * The search a bank file is segmented with, chosen and opened in one place: exact, or the HNSW index
 * saved beside the bank, either through the bank's PCA projection when it has one; and saving a bank
 * with its index kept in step.
 */
public final class BankIndex {
  private BankIndex() {}

  /** The index kind used when none is asked for: hnsw when the bank has a saved index, else exact. */
  public static String defaultKind(Path bankFile) {
    return Files.isDirectory(hnswDir(bankFile)) ? "hnsw" : "exact";
  }

  /** The HNSW index folder that belongs beside a bank file. */
  public static Path hnswDir(Path bankFile) {
    return bankFile.resolveSibling(bankFile.getFileName() + ".hnsw");
  }

  /**
   * Exact search, or the HNSW index saved beside the bank (built in memory when there is none). With a
   * PCA in the bank, either searches the projected keys inside a {@link ProjectedIndex}, which projects
   * the queries; callers always pass full-width queries.
   */
  public static NeighborIndex open(String kind, MemoryBank bank, Path bankFile) throws IOException {
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
  public static HnswIndex openHnsw(MemoryBank bank, Path bankFile) throws IOException {
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
  public static float[] searchKeys(MemoryBank bank) {
    return bank.pca() == null ? bank.keys() : bank.pca().project(bank.keys(), bank.size());
  }

  /** Width of {@link #searchKeys}: the PCA rank, or the key width. */
  public static int searchDim(MemoryBank bank) {
    return bank.pca() == null ? bank.dim() : bank.pca().rank();
  }

  /**
   * Writes the bank atomically, and rebuilds its HNSW index when it has (or should have) one, over the
   * search keys (projected when the bank has a PCA).
   */
  public static void save(Path bankFile, MemoryBank bank, boolean hnsw) throws IOException {
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
}
