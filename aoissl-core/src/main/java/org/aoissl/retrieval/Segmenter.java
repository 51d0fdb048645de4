package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.Resize;

/**
 * Segments query images against a memory bank: encode, retrieve each patch's neighbours, aggregate
 * their labels into per-class scores, optionally refine, threshold. Nothing is trained; the bank is
 * the whole of what was learned about a device. With a {@link ScoreRefiner} the scores are turned into
 * probabilities by it and thresholded at 0.5 instead of the bank's thresholds.
 */
public final class Segmenter {
  /** Per-class scores {@code [K, H, W]} at the query's own size, the thresholded mask, and timings. */
  public record Prediction(float[] scores, Mask mask, Timing timing) {}

  /** Where one image's time went, in nanoseconds. */
  public record Timing(long encode, long search, long aggregate) {
    public long total() {
      return encode + search + aggregate;
    }
  }

  private final PatchEncoder encoder;
  private final MemoryBank bank;
  private final NeighborIndex index;
  private final SegmentOptions options;
  private final Aggregator aggregator;
  private final ScoreRefiner refiner;
  private final List<float[]> supportCls = new ArrayList<>();
  private final List<Mask> supportMasks = new ArrayList<>();

  /**
   * @param index search over the bank's keys (entry i = bank entry i); unused by the image method
   */
  public Segmenter(PatchEncoder encoder, MemoryBank bank, NeighborIndex index, SegmentOptions options) {
    this(encoder, bank, index, options, Set.of(), null);
  }

  /**
   * @param index search over the bank's keys (entry i = bank entry i); unused by the image method
   * @param heldOut support image ids the image method must not blend (their entries are left out of
   *     {@code index} by the caller), for leave-image-out scores
   * @param refiner turns scores into probabilities, or null for the bank's thresholds
   */
  public Segmenter(PatchEncoder encoder, MemoryBank bank, NeighborIndex index, SegmentOptions options,
      Set<String> heldOut, ScoreRefiner refiner) {
    if (options.blocks() && !bank.hasBlocks()) {
      throw new IllegalArgumentException("block voting needs a bank built with label blocks (bank build --blocks)");
    }
    if (options.thresholds().length != bank.numClasses()) {
      throw new IllegalArgumentException("expected " + bank.numClasses() + " thresholds, got "
          + options.thresholds().length);
    }
    this.encoder = encoder;
    this.bank = bank;
    this.index = index;
    this.options = options;
    if (refiner != null && !refiner.scoreOptions().sameScores(options)) {
      throw new IllegalArgumentException("the refiner was trained on scores of '" + refiner.scoreOptions().label()
          + "'; these options give '" + options.label() + "' (segment with the bank's settings, or run bank refine again)");
    }
    this.refiner = refiner;
    // The image method blends whole masks; it has no patch aggregator.
    this.aggregator = options.method().equals(Aggregators.IMAGE) ? null
        : Aggregators.create(options.method(), options.beta());
    for (BankImage im : bank.images()) {
      if (im.view() == 0 && !heldOut.contains(im.id())) {
        supportCls.add(im.cls());
        supportMasks.add(im.mask());
      }
    }
  }

  public SegmentOptions options() {
    return options;
  }

  /** Segments {@code query} (first prepared as the bank prepares its images, see {@link BankConfig#prepare}). */
  public Prediction segment(AoiImage query) {
    return segment(query, 0);
  }

  /**
   * Segments a query of pixel pitch {@code pixelSize} (0 = unknown): resampled to the bank's pitch (see
   * {@link BankConfig#toBankScale}), segmented there, and its scores resampled back to the query's size
   * before thresholding, so the mask has the query's own size.
   */
  public Prediction segment(AoiImage query, double pixelSize) {
    return segmentAll(List.of(query), pixelSize).get(0);
  }

  /**
   * Segments each of {@code queries} as {@link #segment(AoiImage, double)} does, with one search for the
   * patches of all of them (and of their shifted grids): an inverted file then reads each probed cell once
   * for all the images. An index that searches each query on its own (the inverted file, HNSW) gives the
   * same neighbours as one image at a time; exact search gains nothing (it reads all the keys for every
   * 1,024 queries) and may differ in a score's last bits, so callers batch only for an inverted file. Each
   * image's timing holds an equal share of the search.
   */
  public List<Prediction> segmentAll(List<AoiImage> queries, double pixelSize) {
    double f = bank.config().toBankScale(pixelSize);
    List<Pending> pending = new ArrayList<>();
    for (AoiImage q : queries) {
      pending.add(encode(f == 1 ? q : Resize.image(q, Resize.side(q.height(), f), Resize.side(q.width(), f))));
    }
    searchAll(pending);
    List<Prediction> out = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      Prediction p = finish(pending.get(i));
      out.add(f == 1 ? p : toQuerySize(p, pending.get(i).image(), queries.get(i)));
    }
    return out;
  }

  /** An image on its way: prepared, fitted to whole patches, encoded on each grid, with its timings. */
  private record Pending(AoiImage image, AoiImage fitted, List<Grid> grids, List<Neighbors> found, long[] t) {}

  /** One grid an image was encoded on: the whole fitted image, or a crop at half-patch offsets. */
  private record Grid(int dy, int dx, int h, int w, PatchEncoder.Encoded encoded) {
    int patches() {
      return encoded.gridH() * encoded.gridW();
    }
  }

  private Pending encode(AoiImage query) {
    AoiImage image = bank.config().prepare(query);
    long[] t = new long[3];
    AoiImage fitted = PatchEncoder.fitImage(image, bank.patchSize());
    List<Grid> grids = new ArrayList<>();
    grids.add(grid(fitted, 0, 0, t));
    if (options.shifted() && !options.method().equals(Aggregators.IMAGE)) {
      // Patch borders fall elsewhere on grids shifted by half a patch, so thin structures are resolved finer.
      int p = bank.patchSize();
      int half = p / 2;
      for (int[] o : new int[][] {{half, 0}, {0, half}, {half, half}}) {
        int ch = o[0] > 0 ? fitted.height() - p : fitted.height();
        int cw = o[1] > 0 ? fitted.width() - p : fitted.width();
        if (ch >= p && cw >= p) {
          grids.add(grid(Resize.crop(fitted, o[0], o[1], ch, cw), o[0], o[1], t));
        }
      }
    }
    return new Pending(image, fitted, grids, new ArrayList<>(), t);
  }

  private Grid grid(AoiImage img, int dy, int dx, long[] t) {
    long start = System.nanoTime();
    PatchEncoder.Encoded e = encoder.encode(img);
    t[0] += System.nanoTime() - start;
    return new Grid(dy, dx, img.height(), img.width(), e);
  }

  /** The neighbours of every grid's patches, in one search. The image method searches no patches. */
  private void searchAll(List<Pending> pending) {
    if (pending.isEmpty() || options.method().equals(Aggregators.IMAGE)) {
      return;
    }
    List<Grid> grids = pending.stream().flatMap(p -> p.grids().stream()).toList();
    int rows = grids.stream().mapToInt(Grid::patches).sum();
    // one image on one grid (the service, a single segment) is searched as encoded, without a copy
    float[] queries = grids.size() == 1 ? grids.get(0).encoded().patches() : concatenate(grids, rows); // [rows, D]
    long start = System.nanoTime();
    Neighbors nb = index.search(queries, rows, Math.min(options.k(), index.size()));
    long share = (System.nanoTime() - start) / pending.size();
    int from = 0;
    for (Pending p : pending) {
      for (Grid g : p.grids()) {
        p.found().add(nb.rows(from, g.patches()));
        from += g.patches();
      }
      p.t()[1] += share;
    }
  }

  private float[] concatenate(List<Grid> grids, int rows) {
    float[] out = new float[Math.multiplyExact(rows, index.dim())];
    int at = 0;
    for (Grid g : grids) {
      float[] patches = g.encoded().patches();
      System.arraycopy(patches, 0, out, at, patches.length);
      at += patches.length;
    }
    return out;
  }

  /** Scores, refinements and mask of an image whose neighbours were found. */
  private Prediction finish(Pending pd) {
    int k = bank.numClasses();
    long[] t = pd.t();
    long start = System.nanoTime();
    AoiImage fitted = pd.fitted();
    int h = fitted.height();
    int w = fitted.width();
    float[] scores = scores(pd, 0); // [K, h, w]
    if (pd.grids().size() > 1) {
      List<float[]> maps = new ArrayList<>();
      maps.add(scores);
      for (int i = 1; i < pd.grids().size(); i++) {
        Grid g = pd.grids().get(i);
        maps.add(ScoreMaps.shift(scores(pd, i), k, g.h(), g.w(), g.dy(), g.dx(), scores, h, w));
      }
      scores = ScoreMaps.average(maps);
    }
    if (options.refine()) {
      scores = GuidedFilter.refine(scores, GuidedFilter.guideOf(fitted), k, h, w);
    }
    AoiImage image = pd.image();
    if (h != image.height() || w != image.width()) {
      scores = ScoreMaps.upsample(scores, k, h, w, image.height(), image.width());
    }
    if (refiner != null) {
      scores = refiner.refine(image, scores);
    }
    Mask mask = Thresholds.apply(scores, thresholds(), k, image.height(), image.width());
    t[2] += System.nanoTime() - start;
    return new Prediction(scores, mask, new Timing(t[0], t[1], t[2]));
  }

  /** A prediction made at the bank's pitch, its scores resampled to the query's size and thresholded again. */
  private Prediction toQuerySize(Prediction p, AoiImage scaled, AoiImage query) {
    long start = System.nanoTime();
    int k = bank.numClasses();
    float[] scores = ScoreMaps.upsample(p.scores(), k, scaled.height(), scaled.width(), query.height(),
        query.width()); // [K, H, W], bilinear in either direction
    Mask mask = Thresholds.apply(scores, thresholds(), k, query.height(), query.width());
    Timing t = p.timing();
    return new Prediction(scores, mask, new Timing(t.encode(), t.search(), t.aggregate() + System.nanoTime() - start));
  }

  /** The refiner's probabilities are cut at 0.5; retrieval's scores at the tuned thresholds. */
  private float[] thresholds() {
    if (refiner == null) {
      return options.thresholds();
    }
    float[] half = new float[bank.numClasses()];
    java.util.Arrays.fill(half, 0.5f);
    return half;
  }

  /** Scores {@code [K, h, w]} of grid {@code i} of an image, from its encoding and its patches' neighbours. */
  private float[] scores(Pending pd, int i) {
    int k = bank.numClasses();
    int p = bank.patchSize();
    Grid g = pd.grids().get(i);
    PatchEncoder.Encoded e = g.encoded();
    if (options.method().equals(Aggregators.IMAGE)) {
      return new ImageAggregator(options.k()).scores(e.cls(), supportCls, supportMasks, g.h(), g.w());
    }
    Neighbors nb = pd.found().get(i);
    int kk = nb.k();
    return options.blocks()
        ? BlockVoting.pixelScores(nb, bank, aggregator, kk, e.gridH(), e.gridW())
        : ScoreMaps.upsample(ScoreMaps.toPlanes(aggregator.patchScores(nb, bank, kk), k, e.gridH(), e.gridW()),
            k, e.gridH(), e.gridW(), e.gridH() * p, e.gridW() * p);
  }
}
