package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.StagedDirectory;

/**
 * The search a bank file is segmented with, chosen and opened in one place: the registered kinds (exact,
 * or the HNSW index saved beside the bank), either through the bank's PCA projection when it has one;
 * and saving a bank with its index kept in step. Adding a kind is a {@link NeighborIndex} class and one
 * line in the static block.
 */
public final class BankIndex {
  /** Opens an index of one kind over a bank's search keys ({@link #searchKeys}). */
  @FunctionalInterface
  public interface Opener {
    NeighborIndex open(MemoryBank bank, Path bankFile) throws IOException;
  }

  /** A registered index kind and a line of help. */
  public record Kind(String name, String help, Opener opener) {}

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    register(new Kind("exact", "chunked matmul and top-k on libtorch: every neighbour exact",
        (bank, file) -> new ExactIndex(searchKeys(bank), bank.size(), searchDim(bank))));
    register(new Kind("hnsw", "Lucene HNSW graph: the one saved beside the bank, else built in memory",
        (bank, file) -> Files.isDirectory(hnswDir(file)) ? openHnsw(bank, file)
            : HnswIndex.build(searchKeys(bank), bank.size(), searchDim(bank), HnswParams.DEFAULT)));
    register(new Kind("ivf", "inverted file built in memory: √n/2 k-means cells, the 8 nearest probed",
        (bank, file) -> IvfIndex.build(searchKeys(bank), bank.size(), searchDim(bank),
            IvfIndex.defaultCells(bank.size()), 5, IvfIndex.DEFAULT_PROBES, 0)));
  }

  private BankIndex() {}

  /** Adds an index kind; refused when the name is taken. */
  public static synchronized void register(Kind k) {
    if (KINDS.containsKey(k.name())) {
      throw new IllegalArgumentException("an index kind named '" + k.name() + "' exists");
    }
    KINDS.put(k.name(), k);
  }

  /** The registered kinds' names, in registration order. */
  public static synchronized List<String> kinds() {
    return List.copyOf(KINDS.keySet());
  }

  /** The index kind used when none is asked for: hnsw when the bank has a saved index, else exact. */
  public static String defaultKind(Path bankFile) {
    return Files.isDirectory(hnswDir(bankFile)) ? "hnsw" : "exact";
  }

  /** The HNSW index folder that belongs beside a bank file. */
  public static Path hnswDir(Path bankFile) {
    return bankFile.resolveSibling(bankFile.getFileName() + ".hnsw");
  }

  /**
   * The index of that kind over the bank (exact search, or the HNSW index saved beside the bank, built in
   * memory when there is none). With a PCA in the bank it searches the projected keys inside a {@link
   * ProjectedIndex}, which projects the queries; callers always pass full-width queries.
   */
  public static NeighborIndex open(String kind, MemoryBank bank, Path bankFile) throws IOException {
    Kind k;
    synchronized (BankIndex.class) {
      k = KINDS.get(kind);
    }
    if (k == null) {
      throw new IllegalArgumentException("unknown index '" + kind + "'; use " + String.join(" or ", kinds()));
    }
    NeighborIndex inner = k.opener().open(bank, bankFile);
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
