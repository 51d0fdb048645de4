package org.aoissl.spark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.aoissl.data.ClassSet;
import org.aoissl.data.Example;
import org.aoissl.data.Mask;
import org.aoissl.data.Seeds;
import org.aoissl.io.BadInputException;
import org.aoissl.model.FeatureFile;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankImage;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.aoissl.retrieval.PatchLabels;
import org.aoissl.retrieval.RarePatchSampler;

/**
 * A memory bank from features the embed job wrote instead of from an encoder: for every support image,
 * its features L2-normalised become the keys and its mask the labels, exactly as {@code BankBuilder}
 * makes them from the image (same fitted mask, same patch sampling, same entry order), so the bank equals
 * the one {@code aoissl bank build} makes from the same images. Augmented views and intensity stretching
 * need pixels, which features do not carry; such configs are refused.
 */
final class FeatureBank {
  private FeatureBank() {}

  /**
   * @param features each support image's features by id
   * @param source where the features came from, named in errors
   */
  static MemoryBank build(EncoderId enc, List<Example> support, ClassSet classes, BankConfig cfg,
      Map<String, FeatureFile.Entry> features, Path source) throws BadInputException {
    if (cfg.augment() != 0 || !cfg.intensity().equals("none")) {
      throw new IllegalArgumentException("a bank from features cannot have augmented views or intensity "
          + "stretching (features carry no pixels); build it from the images");
    }
    MemoryBank bank = new MemoryBank(classes, enc, cfg);
    bank.putProvenance("created", Instant.now().toString());
    for (Example ex : support) {
      check(ex, enc, features.get(ex.sample().id()), source);
    }
    for (Example ex : support) {
      add(bank, enc, ex, features.get(ex.sample().id()), cfg);
    }
    return bank;
  }

  private static void check(Example ex, EncoderId enc, FeatureFile.Entry f, Path source) throws BadInputException {
    Path image = ex.sample().imageFiles().get(0);
    if (!ex.labeled()) {
      throw new BadInputException(image, "has no label; every support image needs a mask");
    }
    if (ex.mask().height() != ex.image().height() || ex.mask().width() != ex.image().width()) {
      throw new BadInputException(image, "mask " + ex.mask().width() + "x" + ex.mask().height()
          + " does not match the " + ex.image().width() + "x" + ex.image().height() + " image");
    }
    if (ex.image().channels() != enc.channels()) {
      throw new BadInputException(image, "has " + ex.image().channels() + " channels; the encoder takes "
          + enc.channels());
    }
    if (f == null) {
      throw new BadInputException(source, "has no features of support image " + ex.sample().id());
    }
    int p = enc.patchSize();
    Mask fitted = PatchEncoder.fitMask(ex.mask(), p);
    if (f.gridH() * p != fitted.height() || f.gridW() * p != fitted.width() || f.cls().length != enc.dim()) {
      throw new BadInputException(source, "features of " + ex.sample().id() + " are a " + f.gridW() + "x"
          + f.gridH() + " grid of width " + f.cls().length + "; the image needs " + fitted.width() / p + "x"
          + fitted.height() / p + " of width " + enc.dim() + " (embed it without --image-size, with this checkpoint)");
    }
  }

  private static void add(MemoryBank bank, EncoderId enc, Example ex, FeatureFile.Entry f, BankConfig cfg) {
    int p = enc.patchSize();
    int d = enc.dim();
    Mask mask = PatchEncoder.fitMask(ex.mask(), p);
    String id = ex.sample().id();
    float[] cls = f.cls().clone();
    float[] keys = f.patches().clone();
    PatchEncoder.l2Normalise(cls, 0, d);
    for (int off = 0; off < keys.length; off += d) {
      PatchEncoder.l2Normalise(keys, off, d);
    }
    int index = bank.addImage(new BankImage(id, ex.sample().device(), f.gridH(), f.gridW(), cls, mask, 0));
    PatchLabels labels = PatchLabels.of(mask, p);
    SplittableRandom noise = new SplittableRandom(Seeds.mix(cfg.seed() ^ BankBuilder.SAMPLING_STREAM, id.hashCode(), 0));
    float[] fracs = new float[bank.numClasses()];
    for (int cell : RarePatchSampler.select(labels, cfg.maxPerImage(), noise)) {
      labels.copyFractions(cell, fracs, 0);
      bank.addEntry(index, cell, keys, cell * d, fracs, 0);
    }
  }
}
