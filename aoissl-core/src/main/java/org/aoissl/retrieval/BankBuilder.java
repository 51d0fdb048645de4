package org.aoissl.retrieval;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.aoissl.data.AoiImage;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.Seeds;
import org.aoissl.data.augment.Augmented;
import org.aoissl.data.augment.Compose;
import org.aoissl.data.augment.ContrastBrightness;
import org.aoissl.data.augment.Gamma;
import org.aoissl.data.augment.HorizontalFlip;
import org.aoissl.data.augment.RandomApply;
import org.aoissl.data.augment.RandomResizedCrop;
import org.aoissl.data.augment.Rot90;
import org.aoissl.data.augment.Transform;
import org.aoissl.data.augment.VerticalFlip;
import org.aoissl.io.BadInputException;

/**
 * Builds and grows memory banks from labeled support images. Each support image (fitted to patch
 * multiples) and its {@link BankConfig#augment} augmented copies become {@link BankImage}s; their
 * labeled patches (all, or a rare-class-favouring sample of {@link BankConfig#maxPerImage}) become
 * entries. Everything about one image depends only on the image, the config's seed and the image id, so
 * {@link #add} gives exactly the bank a rebuild with the same images in the same order would.
 */
public final class BankBuilder {
  /**
   * Separates the sampling noise stream from the augmentation stream of the same view; a bank built from
   * stored features mixes in the same stream to pick the same patches.
   */
  public static final long SAMPLING_STREAM = 0x5EEDL;
  /** Keys a PCA is fitted on at most (a seeded sample when the bank is larger). */
  public static final int PCA_SAMPLE = 50_000;
  /** Provenance key of the coreset fraction a bank was reduced to. */
  public static final String CORESET = "coreset";

  private BankBuilder() {}

  /**
   * A new bank of {@code support}.
   *
   * @param progress told the number of support images done after each one
   */
  public static MemoryBank build(PatchEncoder enc, List<Example> support, ClassSet classes, BankConfig cfg,
      IntConsumer progress) throws IOException {
    MemoryBank bank = new MemoryBank(classes, enc.id(), cfg);
    bank.putProvenance("created", Instant.now().toString());
    add(bank, enc, support, classes, cfg, progress);
    return bank;
  }

  /**
   * Appends {@code more} support images to a bank made with the same encoder, classes and config.
   *
   * @param classes the class set of {@code more}'s dataset; must equal the bank's
   */
  public static void add(MemoryBank bank, PatchEncoder enc, List<Example> more, ClassSet classes, BankConfig cfg,
      IntConsumer progress) throws IOException {
    if (!cfg.equals(bank.config())) {
      throw new IllegalArgumentException("the bank was built with " + bank.config() + "; adding with " + cfg
          + " would make it differ from a rebuild");
    }
    bank.encoder().requireSame(enc.id(), null);
    if (!more.isEmpty() && !classes.equals(bank.classes())) {
      throw new BadInputException(fileOf(more.get(0)), "the support set's classes (" + classes
          + ") differ from the bank's (" + bank.classes() + ")");
    }
    for (Example ex : more) {
      check(ex, bank, enc);
    }
    int done = 0;
    for (Example ex : more) {
      addImage(bank, enc, ex, cfg);
      progress.accept(++done);
    }
  }

  /**
   * The bank reduced to the {@code round(fraction · size)} entries (at least one) that greedy k-center
   * picks ({@link Coreset#greedy}, seeded by the config's seed), in increasing entry order; every image
   * stays. The fraction is recorded in the provenance under {@value #CORESET}. Entries added to the
   * result later are all kept: the coreset is a one-off reduction, not a property of the bank.
   */
  public static MemoryBank coreset(MemoryBank bank, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the coreset fraction must be in (0, 1]; got " + fraction);
    }
    if (bank.size() == 0) {
      throw new IllegalArgumentException("the bank has no entries to reduce");
    }
    int target = (int) Math.max(1, Math.min(bank.size(), Math.round(fraction * bank.size())));
    int[] picks = Coreset.greedy(bank.keys(), bank.size(), bank.dim(), target, bank.config().seed());
    Arrays.sort(picks);
    MemoryBank out = bank.subset(picks);
    out.putProvenance(CORESET, Double.toString(fraction));
    return out;
  }

  /**
   * Fits a rank-{@code rank} PCA on the bank's keys (at most {@value #PCA_SAMPLE} of them, sampled with
   * the config's seed) and stores it in the bank, so its searches run in the projection.
   */
  public static Pca fitPca(MemoryBank bank, int rank) {
    if (rank < 1 || rank > bank.dim()) {
      throw new IllegalArgumentException("the PCA rank must be in [1, " + bank.dim() + "] (the key width); got "
          + rank);
    }
    if (bank.size() < 2) {
      throw new IllegalArgumentException("a PCA needs at least 2 bank entries; the bank has " + bank.size());
    }
    Pca pca = Pca.fit(bank.keys(), bank.size(), bank.dim(), rank, PCA_SAMPLE, bank.config().seed());
    bank.setPca(pca);
    return pca;
  }

  private static void check(Example ex, MemoryBank bank, PatchEncoder enc) throws BadInputException {
    Path image = ex.sample().imageFiles().get(0);
    if (!ex.labeled()) {
      throw new BadInputException(image, "has no label; every support image needs a mask");
    }
    AoiImage img = ex.image();
    Mask m = ex.mask();
    if (m.height() != img.height() || m.width() != img.width()) {
      throw new BadInputException(fileOf(ex), "mask " + m.width() + "x" + m.height() + " does not match the "
          + img.width() + "x" + img.height() + " image");
    }
    if (m.numClasses() != bank.numClasses()) {
      throw new BadInputException(fileOf(ex), "has " + m.numClasses() + " classes; the bank has "
          + bank.numClasses() + " (" + bank.classes() + ")");
    }
    if (img.channels() != enc.id().channels()) {
      throw new BadInputException(image, "has " + img.channels() + " channels; the encoder takes "
          + enc.id().channels());
    }
    int p = enc.patchSize();
    if (img.height() < p || img.width() < p) {
      throw new BadInputException(image, "is " + img.width() + "x" + img.height() + ", smaller than one "
          + p + "x" + p + " patch");
    }
  }

  private static void addImage(MemoryBank bank, PatchEncoder enc, Example ex, BankConfig cfg) {
    int p = enc.patchSize();
    AoiImage img = PatchEncoder.fitImage(ex.image(), p);
    Mask mask = PatchEncoder.fitMask(ex.mask(), p);
    String id = ex.sample().id();
    List<Augmented> views = new ArrayList<>();
    views.add(new Augmented(img, mask));
    for (int v = 1; v <= cfg.augment(); v++) {
      views.add(view(img, mask, cfg.seed(), id, v));
    }
    // Views are prepared after augmenting: a query's lighting change is undone the same way.
    List<AoiImage> pixels = views.stream().map(a -> cfg.prepare(a.image())).toList();
    List<PatchEncoder.Encoded> encoded = enc.encodeBatch(pixels);
    int d = enc.dim();
    int k = bank.numClasses();
    for (int v = 0; v < views.size(); v++) {
      PatchEncoder.Encoded e = encoded.get(v);
      Mask vm = views.get(v).mask();
      int index = bank.addImage(new BankImage(id, ex.sample().device(), e.gridH(), e.gridW(), e.cls(), vm, v));
      PatchLabels labels = PatchLabels.of(vm, p);
      SplittableRandom noise = new SplittableRandom(Seeds.mix(cfg.seed() ^ SAMPLING_STREAM, id.hashCode(), v));
      int[] cells = RarePatchSampler.select(labels, cfg.maxPerImage(), noise);
      int[] imgs = new int[cells.length];
      float[] fracs = new float[cells.length * k];
      float[] keys = new float[cells.length * d];
      for (int i = 0; i < cells.length; i++) {
        imgs[i] = index;
        labels.copyFractions(cells[i], fracs, i * k);
        System.arraycopy(e.patches(), cells[i] * d, keys, i * d, d);
      }
      bank.appendEntries(imgs, cells, 0, cells.length, fracs, 0, keys, 0);
    }
  }

  /**
   * The {@code view}-th augmented copy (1-based) of a support image and its mask, both already fitted
   * to patch multiples: a crop of 70–100 % of the area resized back to the same size, flips, a quarter
   * turn, and gamma / contrast-brightness changes per channel. Reproducible from (seed, id, view).
   */
  public static Augmented view(AoiImage image, Mask mask, long seed, String id, int view) {
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, id.hashCode(), view));
    return viewTransform(image.height(), image.width()).apply(image, mask, rng);
  }

  private static Transform viewTransform(int h, int w) {
    return Compose.of(
        new RandomResizedCrop(h, w, 0.7, 1.0, 3.0 / 4, 4.0 / 3),
        new HorizontalFlip(0.5),
        new VerticalFlip(0.5),
        new Rot90(),
        new RandomApply(0.8, new Gamma(0.7, 1.4, true)),
        new RandomApply(0.8, new ContrastBrightness(0.8, 1.2, -0.08, 0.08, true)));
  }

  private static Path fileOf(Example ex) {
    return ex.sample().labelFile() != null ? ex.sample().labelFile() : ex.sample().imageFiles().get(0);
  }
}
