package org.aoissl.retrieval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.aoissl.data.AoiImage;
import org.aoissl.data.Mask;
import org.aoissl.data.Seeds;
import org.aoissl.data.augment.Augmented;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.ContrastBrightness;
import org.aoissl.data.augment.Gamma;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Transform;

/**
 * Chooses the aggregator, k, β and per-class thresholds by k-fold cross-validation on the support set
 * itself (the authors chose them by hand): each fold's images are segmented against the entries of the
 * other folds only (augmented views of a held-out image are held out with it), every candidate setting's
 * scores are pooled per class, and the setting with the best mean IoU over classes, each class at its
 * best threshold, wins.
 *
 * <p>Support images of one device are near-duplicates, so plain cross-validation rewards what only
 * works on that device (blending whole support masks at fixed positions). <em>Shifted</em> queries —
 * held-out images under the changes a new device brings: another placement and magnification, another
 * lighting — give a second estimate, and only settings within {@value #TRANSFER_PERCENT} % of the best
 * shifted estimate may be chosen; among those the plain estimate decides. (Choosing by the shifted
 * estimate alone picked settings whose scores the learned refiner used less well: see RESULTS.)
 */
public final class BankTuner {
  static final int[] PATCH_KS = {1, 3, 5, 10, 20, 40};
  static final float[] BETAS = {0.01f, 0.02f, 0.05f, 0.1f};
  static final int[] IMAGE_KS = {1, 2, 3, 5};
  /** A setting may be chosen when its shifted estimate is at least this percentage of the best one. */
  static final int TRANSFER_PERCENT = 90;

  /**
   * A support image to hold out: its index in the bank, an encoding at the bank's size, the truth for it
   * (null: the bank's mask of the image) and whether it is a shifted copy ({@link #shiftedQuery}).
   */
  public record Query(int image, PatchEncoder.Encoded encoded, Mask mask, boolean shifted) {
    /** The support image itself. */
    public Query(int image, PatchEncoder.Encoded encoded) {
      this(image, encoded, null, false);
    }
  }

  /**
   * One candidate setting with its cross-validated IoU per class at its best thresholds, and the mean IoU
   * of the shifted queries at their own best thresholds ({@code NaN} without shifted queries).
   */
  public record Candidate(String method, int k, float beta, boolean blocks, float[] thresholds, double[] iou,
      double miou, double shiftedMiou) {
    public String label() {
      return method + " k=" + k + (Aggregators.usesBeta(method) ? " β=" + beta : "") + (blocks ? " +blocks" : "");
    }

    /** This candidate as tuned bank settings. */
    public BankSettings settings(String notes) {
      return new BankSettings(method, k, beta, thresholds, blocks, true, notes);
    }
  }

  /** The chosen settings, every candidate, the folds, and the chosen candidate. */
  public record Result(BankSettings best, List<Candidate> candidates, int folds, Candidate chosen) {}

  /** Folds and shifted copies per held-out image that {@code bank tune} uses unless told otherwise. */
  public static final int DEFAULT_FOLDS = 5;

  public static final int DEFAULT_SHIFTS = 2;

  private BankTuner() {}

  /**
   * The queries for {@link #tune}: every support image of the bank (view 0) encoded again.
   *
   * @param imageOf the support image of an id, or null when it is missing
   * @param progress called with 1 after each image
   */
  public static List<Query> encodeSupport(MemoryBank bank, PatchEncoder enc, Function<String, AoiImage> imageOf,
      IntConsumer progress) {
    return encodeSupport(bank, enc, imageOf, 0, 0, progress);
  }

  /**
   * As {@link #encodeSupport(MemoryBank, PatchEncoder, Function, IntConsumer)}, plus {@code shifts}
   * shifted copies of each support image ({@link #shiftedQuery}), reproducible from {@code seed}.
   */
  public static List<Query> encodeSupport(MemoryBank bank, PatchEncoder enc, Function<String, AoiImage> imageOf,
      int shifts, long seed, IntConsumer progress) {
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < bank.numImages(); i++) {
      BankImage im = bank.image(i);
      if (im.view() != 0) {
        continue;
      }
      AoiImage img = imageOf.apply(im.id());
      if (img == null) {
        throw new IllegalArgumentException("the support image '" + im.id() + "' of the bank is not there");
      }
      AoiImage fitted = PatchEncoder.fitImage(img, bank.patchSize());
      queries.add(new Query(i, enc.encode(bank.config().prepare(fitted))));
      for (int s = 1; s <= shifts; s++) {
        Augmented a = shiftedQuery(fitted, im.mask(), seed, im.id(), s);
        queries.add(new Query(i, enc.encode(bank.config().prepare(a.image())), a.mask(), true));
      }
      progress.accept(1);
    }
    return queries;
  }

  /**
   * @param queries one per support image (view 0), encoded as the bank's entries were
   * @param progress called with 1 after each held-out image
   */
  public static Result tune(MemoryBank bank, List<Query> queries, int folds, long seed, IntConsumer progress) {
    return tune(bank, queries, folds, seed, Set.copyOf(Aggregators.methods()), progress);
  }

  /** As {@link #tune(MemoryBank, List, int, long, IntConsumer)}, trying only the given aggregators. */
  public static Result tune(MemoryBank bank, List<Query> queries, int folds, long seed, Set<String> methods,
      IntConsumer progress) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(bank.images().stream().map(BankImage::id).toList()));
    if (ids.size() < 2) {
      throw new IllegalArgumentException("tuning needs at least 2 support images; the bank has " + ids.size());
    }
    int nFolds = Math.max(2, Math.min(folds, ids.size()));
    shuffle(ids, seed);
    int numClasses = bank.numClasses();
    List<Trial> trials = trials(numClasses, methods, bank.hasBlocks());
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("no aggregator to tune among " + methods);
    }
    for (int f = 0; f < nFolds; f++) {
      Set<String> held = new HashSet<>();
      for (int i = f; i < ids.size(); i += nFolds) {
        held.add(ids.get(i));
      }
      runFold(bank, queries, held, trials, progress);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Trial t : trials) {
      candidates.add(t.result(numClasses));
    }
    boolean shifted = queries.stream().anyMatch(Query::shifted);
    double bar = shifted ? bestShifted(candidates) * TRANSFER_PERCENT / 100 : Double.NEGATIVE_INFINITY;
    Candidate best = null;
    for (Candidate c : candidates) {
      if (c.shiftedMiou() >= bar || !shifted) {
        best = best == null || c.miou() > best.miou() ? c : best;
      }
    }
    String notes = shifted
        ? String.format(java.util.Locale.ROOT, "%d-fold cross-validation on %d support images: mIoU %.4f; under "
            + "new-device shifts %.4f (best %.4f)", nFolds, ids.size(), best.miou(), best.shiftedMiou(),
            bestShifted(candidates))
        : String.format(java.util.Locale.ROOT, "%d-fold cross-validation on %d support images: mIoU %.4f", nFolds,
            ids.size(), best.miou());
    return new Result(best.settings(notes), candidates, nFolds, best);
  }

  /**
   * The {@code shift}-th copy (1-based) of a support image as a new device would show it: a crop of
   * 50–100 % of the area at a random place resized back (the part moves and is magnified up to 1.4×), and
   * a gamma and a contrast / brightness change. Reproducible from (seed, id, shift).
   */
  public static Augmented shiftedQuery(AoiImage image, Mask mask, long seed, String id, int shift) {
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed ^ SHIFT_STREAM, id.hashCode(), shift));
    Transform t = Compose.of(
        new RandomResizedCrop(image.height(), image.width(), 0.5, 1.0, 3.0 / 4, 4.0 / 3),
        new Gamma(0.7, 1.4, true),
        new ContrastBrightness(0.7, 1.3, -0.1, 0.1, true));
    return t.apply(image, mask, rng);
  }

  /** Separates the shifted queries' stream from the bank's augmentation stream of the same seed. */
  private static final long SHIFT_STREAM = 0x51F7EDL;

  /** The best shifted estimate among the candidates. */
  public static double bestShifted(List<Candidate> candidates) {
    return candidates.stream().mapToDouble(Candidate::shiftedMiou).filter(v -> !Double.isNaN(v)).max().orElse(0);
  }

  private static void runFold(MemoryBank bank, List<Query> queries, Set<String> held, List<Trial> trials,
      IntConsumer progress) {
    int[] kept = keptEntries(bank, held);
    List<float[]> supportCls = new ArrayList<>();
    List<Mask> supportMasks = new ArrayList<>();
    for (BankImage im : bank.images()) {
      if (im.view() == 0 && !held.contains(im.id())) {
        supportCls.add(im.cls());
        supportMasks.add(im.mask());
      }
    }
    try (NeighborIndex index = kept.length == 0 ? null : foldIndex(bank, kept)) {
      for (Query q : queries) {
        BankImage im = bank.image(q.image());
        if (!held.contains(im.id())) {
          continue;
        }
        PatchEncoder.Encoded e = q.encoded();
        if (e.gridH() != im.gridH() || e.gridW() != im.gridW()) {
          throw new IllegalArgumentException("support image " + im.id() + " encodes to a " + e.gridW() + "x"
              + e.gridH() + " grid; the bank holds it as " + im.gridW() + "x" + im.gridH());
        }
        Neighbors nb = null;
        if (index != null) {
          int kmax = Math.min(PATCH_KS[PATCH_KS.length - 1], kept.length);
          nb = index.search(e.patches(), e.gridH() * e.gridW(), kmax);
        }
        Mask truth = q.mask() != null ? q.mask() : im.mask();
        for (Trial t : trials) {
          t.add(bank, e, truth, q.shifted(), nb, supportCls, supportMasks);
        }
        progress.accept(1);
      }
    }
  }

  /** Search over the kept entries, in the bank's PCA projection when it has one (as segmenting will). */
  static NeighborIndex foldIndex(MemoryBank bank, int[] kept) {
    Pca pca = bank.pca();
    if (pca == null) {
      return new SubsetIndex(bank, kept);
    }
    return new ProjectedIndex(pca, new SubsetIndex(pca.project(bank.keys(), bank.size()), pca.rank(), kept));
  }

  /** Bank entries whose image is not held out. */
  static int[] keptEntries(MemoryBank bank, Set<String> held) {
    int n = 0;
    int[] kept = new int[bank.size()];
    for (int i = 0; i < bank.size(); i++) {
      if (!held.contains(bank.image(bank.imageOf(i)).id())) {
        kept[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(kept, n);
  }

  private static void shuffle(List<String> ids, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = ids.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String t = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, t);
    }
  }

  private static List<Trial> trials(int numClasses, Set<String> methods, boolean withBlocks) {
    float beta = BankSettings.defaults(numClasses).beta();
    List<Trial> trials = new ArrayList<>();
    for (boolean blocks : withBlocks ? new boolean[] {false, true} : new boolean[] {false}) {
      for (String m : Aggregators.patchMethods()) {
        for (int k : methods.contains(m) ? PATCH_KS : new int[0]) {
          for (float b : Aggregators.usesBeta(m) ? BETAS : new float[] {beta}) {
            trials.add(new Trial(m, k, b, blocks, numClasses));
          }
        }
      }
    }
    for (int k : methods.contains(Aggregators.IMAGE) ? IMAGE_KS : new int[0]) {
      trials.add(new Trial(Aggregators.IMAGE, k, beta, false, numClasses));
    }
    return trials;
  }

  /** One candidate setting and its pooled score histograms. */
  private static final class Trial {
    final String method;
    final int k;
    final float beta;
    final boolean blocks;
    final ScoreHistogram[] hist;
    final ScoreHistogram[] shiftedHist;
    final Aggregator aggregator;

    Trial(String method, int k, float beta, boolean blocks, int numClasses) {
      this.method = method;
      this.k = k;
      this.beta = beta;
      this.blocks = blocks;
      this.hist = new ScoreHistogram[numClasses];
      this.shiftedHist = new ScoreHistogram[numClasses];
      for (int c = 0; c < numClasses; c++) {
        hist[c] = new ScoreHistogram();
        shiftedHist[c] = new ScoreHistogram();
      }
      this.aggregator = method.equals(Aggregators.IMAGE) ? null : Aggregators.create(method, beta);
    }

    void add(MemoryBank bank, PatchEncoder.Encoded e, Mask mask, boolean shifted, Neighbors nb,
        List<float[]> supportCls, List<Mask> supportMasks) {
      int numClasses = bank.numClasses();
      int h = mask.height();
      int w = mask.width();
      float[] scores;
      if (method.equals(Aggregators.IMAGE)) {
        if (supportCls.isEmpty()) {
          return;
        }
        scores = new ImageAggregator(k).scores(e.cls(), supportCls, supportMasks, h, w);
      } else {
        if (nb == null) {
          return;
        }
        int kk = Math.min(k, nb.k());
        scores = blocks ? BlockVoting.pixelScores(nb, bank, aggregator, kk, e.gridH(), e.gridW())
            : ScoreMaps.upsample(ScoreMaps.toPlanes(aggregator.patchScores(nb, bank, kk), numClasses, e.gridH(),
                e.gridW()), numClasses, e.gridH(), e.gridW(), h, w);
      }
      ScoreHistogram[] into = shifted ? shiftedHist : hist;
      for (int c = 0; c < numClasses; c++) {
        into[c].add(scores, c, mask);
      }
    }

    Candidate result(int numClasses) {
      float[] plainThresholds = new float[numClasses];
      double[] plainIou = new double[numClasses];
      double plain = best(hist, plainThresholds, plainIou);
      boolean anyShifted = false;
      for (ScoreHistogram h : shiftedHist) {
        anyShifted |= h.positives() > 0;
      }
      double shifted = anyShifted ? best(shiftedHist, new float[numClasses], new double[numClasses]) : Double.NaN;
      return new Candidate(method, k, beta, blocks, plainThresholds, plainIou, plain, shifted);
    }

    /** Each class's best threshold and IoU into the arrays; returns the mean over classes that occur. */
    private static double best(ScoreHistogram[] hists, float[] thresholds, double[] iou) {
      double sum = 0;
      int counted = 0;
      for (int c = 0; c < hists.length; c++) {
        if (hists[c].positives() == 0) {
          thresholds[c] = 0.5f;
          iou[c] = Double.NaN;
          continue;
        }
        thresholds[c] = hists[c].bestThreshold();
        iou[c] = hists[c].bestIou();
        sum += iou[c];
        counted++;
      }
      return counted == 0 ? 0 : sum / counted;
    }
  }
}
