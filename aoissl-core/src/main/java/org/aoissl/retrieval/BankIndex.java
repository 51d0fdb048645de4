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

  /**
   * Entries from which {@code bank build --index auto} saves an inverted file: at 10,000 clustered keys it
   * searched one image's patches in 0.030 s against exact search's 0.057 s at recall@10 0.996, and on a 5,120-entry
   * bank both took 30 ms (bench/RESULTS.md, 2026-12-05).
   */
  public static final int IVF_MIN_ENTRIES = 10_000;

  static {
    register(new Kind("exact", "chunked matmul and top-k on libtorch: every neighbour exact",
        (bank, file) -> new ExactIndex(searchKeys(bank), bank.size(), searchDim(bank))));
    register(new Kind("hnsw", "Lucene HNSW graph: the one saved beside the bank, else built in memory",
        (bank, file) -> Files.isDirectory(hnswDir(file)) ? openHnsw(bank, file)
            : HnswIndex.build(searchKeys(bank), bank.size(), searchDim(bank), HnswParams.DEFAULT)));
    register(new Kind("ivf", "inverted file: k-means cells (√n up to 409,600 keys, then about 640 keys "
        + "each), the 8 nearest probed (more for more cells); the one saved beside the bank, else built in memory",
        (bank, file) -> file != null && Files.isRegularFile(ivfFile(file)) ? openIvf(bank, file)
            : buildIvf(searchKeys(bank), bank.size(), searchDim(bank))));
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

  /** The index kind used when none is asked for: the one saved beside the bank (hnsw, ivf), else exact. */
  public static String defaultKind(Path bankFile) {
    if (Files.isDirectory(hnswDir(bankFile))) {
      return "hnsw";
    }
    return Files.isRegularFile(ivfFile(bankFile)) ? "ivf" : "exact";
  }

  /** The inverted-file index that belongs beside a bank file. */
  public static Path ivfFile(Path bankFile) {
    return bankFile.resolveSibling(bankFile.getFileName() + ".ivf");
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

  /**
   * The inverted file saved beside the bank; refused when it indexes other keys than the bank's search
   * keys (another bank, or the bank changed without it).
   */
  public static IvfIndex openIvf(MemoryBank bank, Path bankFile) throws IOException {
    Path file = ivfFile(bankFile);
    IvfFile.Saved saved = IvfFile.read(file);
    float[] keys = searchKeys(bank);
    int dim = searchDim(bank);
    IvfLayout l = saved.layout();
    if (l.size() != bank.size() || l.dim() != dim || saved.keysChecksum() != IvfFile.keysChecksum(keys, l.size(), dim)) {
      throw new BadInputException(file, "indexes other keys than " + bankFile.getFileName() + " (" + l.size()
          + " keys of width " + l.dim() + "; the bank searches " + bank.size() + " of width " + dim + (l.size()
          == bank.size() ? ", with other values" : "") + "); delete it, and the bank is searched without it (or "
          + "rebuild the bank with aoissl bank build --index ivf --force)");
    }
    return IvfIndex.open(keys, l, IvfIndex.defaultProbes(l.cells()));
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
   * Writes the bank atomically, then keeps the indexes saved beside it in step with its search keys
   * (projected when the bank has a PCA): an HNSW index is rebuilt; an inverted file gets the keys
   * appended since it was written assigned to its cells (untouched when the keys did not change, trained
   * again when they changed otherwise or the bank more than doubled since its cells were trained).
   *
   * @param build also build this kind when there is none yet ("hnsw" or "ivf"), or null
   */
  public static void save(Path bankFile, MemoryBank bank, String build) throws IOException {
    if (build != null && !build.equals("hnsw") && !build.equals("ivf")) {
      throw new IllegalArgumentException("only hnsw and ivf indexes are saved; got '" + build + "'");
    }
    Path dir = hnswDir(bankFile);
    boolean hnsw = "hnsw".equals(build) || Files.isDirectory(dir);
    boolean ivf = "ivf".equals(build) || Files.isRegularFile(ivfFile(bankFile));
    BankFile.write(bankFile, bank);
    if (hnsw) {
      // The index is tagged with the bank file's checksum, so a stale one is refused, never used.
      StagedDirectory.deleteTree(dir);
      HnswIndex.build(dir, FormatUtil.checksum(bankFile), searchKeys(bank), bank.size(), searchDim(bank),
          HnswParams.DEFAULT).close();
    }
    if (ivf) {
      saveIvf(ivfFile(bankFile), searchKeys(bank), bank.size(), searchDim(bank));
    }
  }

  /** Removes the indexes saved beside a bank file, if any. */
  public static void deleteSaved(Path bankFile) throws IOException {
    StagedDirectory.deleteTree(hnswDir(bankFile));
    Files.deleteIfExists(ivfFile(bankFile));
  }

  private static void saveIvf(Path file, float[] keys, int n, int dim) throws IOException {
    IvfLayout layout = null;
    if (Files.isRegularFile(file)) {
      try {
        IvfFile.Saved s = IvfFile.read(file);
        IvfLayout old = s.layout();
        if (old.dim() == dim && old.size() <= n && n <= 2L * Math.max(1, old.trained())
            && s.keysChecksum() == IvfFile.keysChecksum(keys, old.size(), dim)) {
          if (old.size() == n) {
            return; // same keys: the file stands
          }
          layout = old.add(keys, n);
        }
      } catch (IOException e) {
        // unreadable or another format: trained afresh below
      }
    }
    if (layout == null) {
      layout = trainIvf(keys, n, dim);
    }
    IvfFile.write(file, layout, IvfFile.keysChecksum(keys, n, dim));
  }

  /** An inverted file over the keys, built in memory (the PCA projection, if any, computed once by the caller). */
  private static IvfIndex buildIvf(float[] keys, int n, int dim) {
    IvfLayout layout = trainIvf(keys, n, dim);
    return IvfIndex.open(keys, layout, IvfIndex.defaultProbes(layout.cells()));
  }

  private static IvfLayout trainIvf(float[] keys, int n, int dim) {
    return IvfLayout.train(keys, n, dim, IvfIndex.defaultCells(n), 5, 0);
  }
}
