package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aoissl.data.ClassSet;
import org.aoissl.train.CheckpointFile;

/**
 * The labeled patch keys that retrieval searches: append-only. Each entry is one patch of one {@link
 * BankImage}: its L2-normalised key {@code [D]}, its class fractions {@code [K]}, the index of its image
 * and its cell {@code gy * gridW + gx} in that image's patch grid. Label blocks are read from the
 * image's mask, so they cost no storage beyond the masks every bank keeps.
 *
 * <p>Keys live in fixed-size chunks (no copy of the whole table when it grows); index builders read them
 * with {@link #copyKeys}. Not thread-safe for writers; readers may share a bank nobody appends to.
 */
public final class MemoryBank implements LabelStore {
  private final ClassSet classes;
  private final EncoderId encoder;
  private final BankConfig config;
  private final List<BankImage> images = new ArrayList<>();
  private final FloatRows keys;
  private final FloatRows fractions;
  private int[] imageOf = new int[1024];
  private int[] cellOf = new int[1024];
  private int size;
  private BankSettings settings;
  private Pca pca;
  private CheckpointFile.Contents refiner;
  private final Map<String, String> provenance = new LinkedHashMap<>();

  public MemoryBank(ClassSet classes, EncoderId encoder, BankConfig config) {
    this.classes = classes;
    this.encoder = encoder;
    this.config = config;
    this.keys = new FloatRows(encoder.dim());
    this.fractions = new FloatRows(classes.size());
    this.settings = BankSettings.defaults(classes.size());
  }

  public ClassSet classes() {
    return classes;
  }

  public EncoderId encoder() {
    return encoder;
  }

  /** How entries were made; {@link BankBuilder#add} uses it for new images too. */
  public BankConfig config() {
    return config;
  }

  public BankSettings settings() {
    return settings;
  }

  public void setSettings(BankSettings s) {
    if (s.thresholds().length != classes.size()) {
      throw new IllegalArgumentException("settings have " + s.thresholds().length + " thresholds; the bank has "
          + classes.size() + " classes (" + classes + ")");
    }
    settings = s;
  }

  /**
   * The projection searches run in, or null to search the full keys. Fitted once (bank build --pca) and
   * then fixed: entries added later are projected with it, so the search space never moves under a
   * saved index. Keys are always stored at full width.
   */
  public Pca pca() {
    return pca;
  }

  /** Sets (or, with null, removes) the search projection; its input width must be the key width. */
  public void setPca(Pca p) {
    if (p != null && p.dim() != dim()) {
      throw new IllegalArgumentException("a PCA of input width " + p.dim() + " cannot project this bank's keys of"
          + " width " + dim());
    }
    pca = p;
  }

  /**
   * The learned refiner stored with the bank (its metadata and weights, opened by the refine package),
   * or null. It is class- and device-generic, so adding images keeps it.
   */
  public CheckpointFile.Contents refiner() {
    return refiner;
  }

  /** Sets, or with null removes, the stored refiner. */
  public void setRefiner(CheckpointFile.Contents r) {
    refiner = r;
  }

  /** Where the bank came from (data hash, code version, times...), in insertion order; read-only view. */
  public Map<String, String> provenance() {
    return Collections.unmodifiableMap(provenance);
  }

  public void putProvenance(String key, String value) {
    provenance.put(key, value);
  }

  /** Key width D. */
  public int dim() {
    return keys.width();
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  public int numImages() {
    return images.size();
  }

  public BankImage image(int index) {
    return images.get(index);
  }

  /** Every bank image (support images and their augmented views) in the order added. */
  public List<BankImage> images() {
    return Collections.unmodifiableList(images);
  }

  /** Appends an image (entries refer to it by the returned index). */
  public int addImage(BankImage image) {
    if (image.cls().length != dim()) {
      throw new IllegalArgumentException("image " + image.id() + " has a CLS of width " + image.cls().length
          + "; the bank's keys have " + dim());
    }
    if (image.patchSize() != patchSize() || image.mask().numClasses() != classes.size()) {
      throw new IllegalArgumentException(image + " has patch " + image.patchSize() + " and "
          + image.mask().numClasses() + " classes; the bank has patch " + patchSize() + " and "
          + classes.size() + " classes");
    }
    images.add(image);
    return images.size() - 1;
  }

  /**
   * Appends one entry.
   *
   * @param key {@code key[keyOff..keyOff+D)}, L2-normalised
   * @param fracs {@code fracs[fracOff..fracOff+K)}, each in [0, 1]
   */
  public int addEntry(int image, int cell, float[] key, int keyOff, float[] fracs, int fracOff) {
    appendEntries(new int[] {image}, new int[] {cell}, 0, 1, fracs, fracOff, key, keyOff);
    return size - 1;
  }

  /**
   * Appends {@code n} entries: images and cells from {@code [from, from+n)}, fractions {@code [n, K]}
   * from {@code fracs[fracOff]}, keys {@code [n, D]} from {@code keyBuf[keyOff]}.
   */
  void appendEntries(int[] imgs, int[] cells, int from, int n, float[] fracs, int fracOff, float[] keyBuf,
      int keyOff) {
    for (int i = from; i < from + n; i++) {
      int im = imgs[i];
      if (im < 0 || im >= images.size()) {
        throw new IllegalArgumentException("entry refers to image " + im + " of " + images.size());
      }
      BankImage b = images.get(im);
      if (cells[i] < 0 || cells[i] >= b.gridH() * b.gridW()) {
        throw new IllegalArgumentException("cell " + cells[i] + " is outside the " + b.gridW() + "x"
            + b.gridH() + " grid of " + b);
      }
    }
    if (size + n > imageOf.length) {
      int cap = Math.max(size + n, imageOf.length * 2);
      imageOf = Arrays.copyOf(imageOf, cap);
      cellOf = Arrays.copyOf(cellOf, cap);
    }
    System.arraycopy(imgs, from, imageOf, size, n);
    System.arraycopy(cells, from, cellOf, size, n);
    fractions.addRows(fracs, fracOff, n);
    keys.addRows(keyBuf, keyOff, n);
    size += n;
  }

  /** Entries copied per pass by {@link #subset}, so a large subset never needs one array of its keys. */
  private static final int SUBSET_ROWS = 4096;

  /**
   * A bank with the same classes, encoder, config, settings, provenance, PCA and every image (shared,
   * not copied), but only the given entries, renumbered 0, 1, ... in that order. Images stay whole
   * because the image aggregator and block voting read their masks, not just the kept cells.
   *
   * @param entries strictly increasing entry ids of this bank
   */
  public MemoryBank subset(int[] entries) {
    for (int i = 0; i < entries.length; i++) {
      checkEntry(entries[i]);
      if (i > 0 && entries[i] <= entries[i - 1]) {
        throw new IllegalArgumentException("subset entries must be strictly increasing; got " + entries[i - 1]
            + " then " + entries[i]);
      }
    }
    MemoryBank out = new MemoryBank(classes, encoder, config);
    out.settings = settings;
    out.pca = pca;
    out.refiner = refiner;
    out.provenance.putAll(provenance);
    out.images.addAll(images);
    int d = dim();
    int k = classes.size();
    int rows = Math.min(SUBSET_ROWS, Math.max(1, entries.length));
    int[] imgs = new int[rows];
    int[] cells = new int[rows];
    float[] fracs = new float[rows * k];
    float[] keyBuf = new float[rows * d];
    for (int from = 0; from < entries.length; from += rows) {
      int n = Math.min(rows, entries.length - from);
      for (int i = 0; i < n; i++) {
        int e = entries[from + i];
        imgs[i] = imageOf[e];
        cells[i] = cellOf[e];
        fractions.copy(e, e + 1, fracs, i * k);
        keys.copy(e, e + 1, keyBuf, i * d);
      }
      out.appendEntries(imgs, cells, 0, n, fracs, 0, keyBuf, 0);
    }
    return out;
  }

  /** Index (into {@link #images()}) of the image an entry came from. */
  public int imageOf(int entry) {
    checkEntry(entry);
    return imageOf[entry];
  }

  /** Patch cell {@code gy * gridW + gx} of an entry in its image. */
  public int cellOf(int entry) {
    checkEntry(entry);
    return cellOf[entry];
  }

  /** A copy of one key. */
  public float[] key(int entry) {
    checkEntry(entry);
    float[] k = new float[dim()];
    keys.copy(entry, entry + 1, k, 0);
    return k;
  }

  /** Copies keys {@code [from, to)} row-major ({@code [to-from, D]}) into {@code dst} from {@code off}. */
  public void copyKeys(int from, int to, float[] dst, int off) {
    keys.copy(from, to, dst, off);
  }

  /** All keys {@code [size, D]} in one new array (for an index that wants them contiguous). */
  public float[] keys() {
    float[] out = new float[Math.multiplyExact(size, dim())];
    keys.copy(0, size, out, 0);
    return out;
  }

  /** A copy of one entry's K class fractions. */
  public float[] fractions(int entry) {
    checkEntry(entry);
    float[] f = new float[classes.size()];
    fractions.copy(entry, entry + 1, f, 0);
    return f;
  }

  /** Copies class fractions of entries {@code [from, to)} ({@code [to-from, K]}) into {@code dst}. */
  public void copyFractions(int from, int to, float[] dst, int off) {
    fractions.copy(from, to, dst, off);
  }

  @Override
  public int numClasses() {
    return classes.size();
  }

  @Override
  public int patchSize() {
    return encoder.patchSize();
  }

  @Override
  public float fraction(int entry, int k) {
    checkEntry(entry);
    return fractions.get(entry, k);
  }

  @Override
  public boolean hasBlocks() {
    return config.blocks();
  }

  @Override
  public int blockPixel(int entry, int dy, int dx) {
    if (!config.blocks()) {
      throw new IllegalStateException("this bank was built without label blocks");
    }
    int p = patchSize();
    if (dy < 0 || dy >= p || dx < 0 || dx >= p) {
      throw new IndexOutOfBoundsException("pixel (" + dy + ", " + dx + ") of a " + p + "x" + p + " block");
    }
    BankImage b = images.get(imageOf(entry));
    int cell = cellOf[entry];
    return PatchLabels.pixel(b.mask(), cell / b.gridW() * p + dy, cell % b.gridW() * p + dx);
  }

  /** The full p×p label block of an entry, row-major (see {@link #blockPixel}). */
  public short[] block(int entry) {
    int p = patchSize();
    short[] out = new short[p * p];
    for (int dy = 0; dy < p; dy++) {
      for (int dx = 0; dx < p; dx++) {
        out[dy * p + dx] = (short) blockPixel(entry, dy, dx);
      }
    }
    return out;
  }

  private void checkEntry(int entry) {
    if (entry < 0 || entry >= size) {
      throw new IndexOutOfBoundsException("entry " + entry + " of " + size);
    }
  }

  @Override
  public String toString() {
    return "MemoryBank[" + size + " entries x " + dim() + ", " + images.size() + " images, classes " + classes
        + ", encoder " + encoder.describe() + "]";
  }
}
