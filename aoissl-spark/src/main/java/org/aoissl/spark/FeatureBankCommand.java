package org.aoissl.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aoissl.data.Example;
import org.aoissl.data.LabeledSet;
import org.aoissl.data.SkippedInput;
import org.aoissl.io.BadInputException;
import org.aoissl.model.FeatureFile;
import org.aoissl.pretrain.EncoderCheckpoint;
import org.aoissl.retrieval.BankBuilder;
import org.aoissl.retrieval.BankConfig;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.MemoryBank;
import org.aoissl.retrieval.PatchEncoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aoissl bank build --features URI}: the bank {@code aoissl bank build} would make from the
 * support images, with keys read from the embed job's Parquet table instead of computed, so a bank over
 * many support images costs no encoder time on the building machine. Labels still come from the support
 * folder's masks.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build a memory bank from the support images' labels and their features from spark embed.")
public final class FeatureBankCommand implements Callable<Integer> {
  /** {@code bank}: the group the launcher routes {@code aoissl bank build --features} to. */
  @Command(name = "bank", mixinStandardHelpOptions = true, description = "Memory banks from Spark features.",
      subcommands = FeatureBankCommand.class)
  public static final class Group {}

  /** Files named per reason in the warning about skipped inputs. */
  private static final int NAMES_SHOWN = 3;

  @Option(names = "--features", required = true, paramLabel = "URI", description = "Parquet table written by "
      + "spark embed with the same checkpoint; it must hold every support image.")
  String features;

  @Option(names = "--ckpt", required = true, description = "The checkpoint the features were made with.")
  Path ckpt;

  @Option(names = "--support", required = true, paramLabel = "DIR", description = "Labeled support images.")
  Path support;

  @Option(names = "--out", required = true, paramLabel = "BANK", description = "Bank file to write.")
  Path out;

  @Option(names = "--device", description = "Use only this device's images.")
  String device;

  @Option(names = "--max-images", defaultValue = "0", description = "Use only the first N images by id (0 = all).")
  int maxImages;

  @Option(names = "--augment", defaultValue = "0", description = "Must be 0: features hold no augmented views.")
  int augment;

  @Option(names = "--max-per-image", defaultValue = "0", description = "Keep at most N patches per image, "
      + "favouring rare classes (0 = all) (default: ${DEFAULT-VALUE}).")
  int maxPerImage;

  @Option(names = "--blocks", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Allow pixel-level voting with each patch's label block (default: on).")
  boolean blocks;

  @Option(names = "--index", defaultValue = "auto", description = "auto, exact, ivf or hnsw, as bank build "
      + "(default: ${DEFAULT-VALUE}).")
  String index;

  @Option(names = "--coreset", paramLabel = "F", description = "Keep a fraction F in (0, 1] of the entries "
      + "(greedy k-center), as bank build.")
  Double coreset;

  @Option(names = "--pca", paramLabel = "R", defaultValue = "0", description = "Fit and store a rank-R PCA of "
      + "the keys, as bank build (0 = none) (default: ${DEFAULT-VALUE}).")
  int pca;

  @Option(names = "--intensity", defaultValue = "none", description = "Must be none: features of stretched "
      + "images would need spark embed to stretch them.")
  String intensity;

  @Option(names = "--pixel-size", paramLabel = "P", description = "Pixel pitch of the support images (default: "
      + "none).")
  Double pixelSize;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of sampling, coreset and PCA (default: "
      + "${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force", description = "Replace an existing bank file.")
  boolean force;

  @Mixin JobArgs job;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (augment != 0) {
      throw new IllegalArgumentException("--augment must be 0 with --features: the features hold no augmented "
          + "views; build from the images to augment");
    }
    if (!intensity.equals("none")) {
      throw new IllegalArgumentException("--intensity must be none with --features: the features were made from "
          + "unstretched images; build from the images to stretch");
    }
    if (!List.of("auto", "exact", "ivf", "hnsw").contains(index)) {
      throw new IllegalArgumentException("--index must be auto, exact, ivf or hnsw; got " + index);
    }
    if (coreset != null && !(coreset > 0 && coreset <= 1)) {
      throw new IllegalArgumentException("--coreset must be in (0, 1]; got " + coreset);
    }
    if (pixelSize != null && !(pixelSize > 0)) {
      throw new IllegalArgumentException("--pixel-size must be > 0; got " + pixelSize);
    }
    Path bankFile = out.toAbsolutePath().normalize();
    Path ck = ckpt.toAbsolutePath().normalize();
    if (Files.exists(bankFile) && !force) {
      throw new BadInputException(bankFile, "exists; use bank add to extend it, or --force to replace it");
    }
    long start = System.nanoTime();
    LabeledSet s = LabeledSet.load(support, job.options(), device, maxImages, false);
    warnSkipped(s.skipped());
    EncoderId enc = EncoderId.of(ck, EncoderCheckpoint.read(ck).state(), PatchEncoder.DEFAULT_TILE);
    if (pca < 0 || pca > enc.dim()) {
      throw new IllegalArgumentException("--pca must be in [0, " + enc.dim() + "]; got " + pca);
    }
    URI featuresUri = Storage.uri(features);
    Map<String, FeatureFile.Entry> byId = read(featuresUri, s.examples(), enc);
    BankConfig cfg = new BankConfig(0, maxPerImage, blocks, seed, "none", pixelSize == null ? 0 : pixelSize);
    MemoryBank bank = FeatureBank.build(enc, s.examples(), s.classes(), cfg, byId, Path.of(featuresUri.getPath()));
    int built = bank.size();
    if (coreset != null) {
      bank = BankBuilder.coreset(bank, coreset);
    }
    if (pca > 0) {
      BankBuilder.fitPca(bank, pca);
    }
    bank.putProvenance(BankEncoder.CHECKPOINT, ck.toString());
    bank.putProvenance("support", support.toAbsolutePath().normalize().toString());
    BankIndex.deleteSaved(bankFile);
    String saved = index.equals("auto") ? (bank.size() >= BankIndex.IVF_MIN_ENTRIES ? "ivf" : "exact") : index;
    BankIndex.save(bankFile, bank, saved.equals("exact") ? null : saved);
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote %s: %d entries from %d images (features from %s), dim %d, classes %s, %.1f s%n", bankFile,
        bank.size(), s.examples().size(), featuresUri, bank.dim(), bank.classes().names(), Sessions.since(start));
    if (coreset != null) {
      o.printf("coreset %s: kept %d of %d entries%n", coreset, bank.size(), built);
    }
    o.printf("search: %s%n", saved);
    o.flush();
    return 0;
  }

  /** The support images' rows of the table, checked to come from this checkpoint and to hold features. */
  private Map<String, FeatureFile.Entry> read(URI uri, List<Example> support, EncoderId enc) throws IOException {
    List<String> ids = support.stream().map(e -> e.sample().id()).toList();
    Path shown = Path.of(uri.getPath());
    Map<String, FeatureFile.Entry> out = new HashMap<>();
    try (SparkSession spark = Sessions.start(job.master, "aoissl bank build")) {
      if (!Storage.fs(uri, spark.sparkContext().hadoopConfiguration()).exists(new org.apache.hadoop.fs.Path(uri))) {
        throw new BadInputException(shown, "not found");
      }
      Iterator<Row> rows = spark.read().parquet(Storage.readPath(uri))
          .filter(functions.col("id").isin(ids.toArray())).toLocalIterator();
      while (rows.hasNext()) {
        Row r = rows.next();
        String id = r.getString(r.fieldIndex("id"));
        String encoder = r.getString(r.fieldIndex("encoder"));
        if (!encoder.endsWith("@" + enc.checksum())) {
          throw new BadInputException(shown, "features of " + id + " come from encoder " + encoder + "; the "
              + "checkpoint is " + enc.checkpoint() + "@" + enc.checksum());
        }
        String error = r.getString(r.fieldIndex("error"));
        if (error != null) {
          throw new BadInputException(shown, "holds no features of support image " + id + ": " + error);
        }
        if (out.put(id, FeatureRows.entry(r)) != null) {
          throw new BadInputException(shown, "holds image " + id + " twice");
        }
      }
    }
    return out;
  }

  private void warnSkipped(List<SkippedInput> skipped) {
    if (!skipped.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("warning: " + skipped.size() + (skipped.size() == 1 ? " input" : " inputs") + " skipped in "
          + support.toAbsolutePath().normalize() + " (" + SkippedInput.summary(skipped, NAMES_SHOWN) + ")");
      err.flush();
    }
  }
}
