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
    AoiImage image = bank.config().prepare(query);
    int k = bank.numClasses();
    long[] t = new long[3];
    AoiImage fitted = PatchEncoder.fitImage(image, bank.patchSize());
    int h = fitted.height();
    int w = fitted.width();
    float[] scores = scores(fitted, t); // [K, h, w]
    if (options.shifted() && !options.method().equals(Aggregators.IMAGE)) {
      scores = withShiftedGrids(fitted, scores, t);
    }
    long start = System.nanoTime();
    if (options.refine()) {
      scores = GuidedFilter.refine(scores, GuidedFilter.guideOf(fitted), k, h, w);
    }
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

  /**
   * Segments a query of pixel pitch {@code pixelSize} (0 = unknown): resampled to the bank's pitch (see
   * {@link BankConfig#toBankScale}), segmented there, and its scores resampled back to the query's size
   * before thresholding, so the mask has the query's own size.
   */
  public Prediction segment(AoiImage query, double pixelSize) {
    double f = bank.config().toBankScale(pixelSize);
    if (f == 1) {
      return segment(query);
    }
    int k = bank.numClasses();
    AoiImage scaled = Resize.image(query, Resize.side(query.height(), f), Resize.side(query.width(), f));
    Prediction p = segment(scaled);
    long start = System.nanoTime();
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

  /** Scores {@code [K, H, W]} of an image whose sides are patch multiples. */
  private float[] scores(AoiImage img, long[] t) {
    int k = bank.numClasses();
    int p = bank.patchSize();
    long start = System.nanoTime();
    PatchEncoder.Encoded e = encoder.encode(img);
    t[0] += System.nanoTime() - start;
    if (options.method().equals(Aggregators.IMAGE)) {
      start = System.nanoTime();
      float[] s = new ImageAggregator(options.k()).scores(e.cls(), supportCls, supportMasks, img.height(), img.width());
      t[2] += System.nanoTime() - start;
      return s;
    }
    int n = e.gridH() * e.gridW();
    start = System.nanoTime();
    Neighbors nb = index.search(e.patches(), n, Math.min(options.k(), index.size()));
    t[1] += System.nanoTime() - start;
    start = System.nanoTime();
    int kk = nb.k();
    float[] s = options.blocks()
        ? BlockVoting.pixelScores(nb, bank, aggregator, kk, e.gridH(), e.gridW())
        : ScoreMaps.upsample(ScoreMaps.toPlanes(aggregator.patchScores(nb, bank, kk), k, e.gridH(), e.gridW()),
            k, e.gridH(), e.gridW(), e.gridH() * p, e.gridW() * p);
    t[2] += System.nanoTime() - start;
    return s;
  }

  /**
   * Averages the score map with those of the image cut at half-patch offsets, so that patch borders
   * fall in different places and thin structures are resolved finer than one patch.
   */
  private float[] withShiftedGrids(AoiImage img, float[] base, long[] t) {
    int k = bank.numClasses();
    int p = bank.patchSize();
    int half = p / 2;
    int h = img.height();
    int w = img.width();
    List<float[]> maps = new ArrayList<>();
    maps.add(base);
    int[][] offsets = {{half, 0}, {0, half}, {half, half}};
    for (int[] o : offsets) {
      int ch = o[0] > 0 ? h - p : h;
      int cw = o[1] > 0 ? w - p : w;
      if (ch < p || cw < p) {
        continue;
      }
      AoiImage crop = Resize.crop(img, o[0], o[1], ch, cw);
      float[] s = scores(crop, t);
      maps.add(ScoreMaps.shift(s, k, ch, cw, o[0], o[1], base, h, w));
    }
    return ScoreMaps.average(maps);
  }
}
