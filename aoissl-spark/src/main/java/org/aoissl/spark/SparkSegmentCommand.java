package org.aoissl.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.inspect.SegmentChoices;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.StagedDirectory;
import org.aoissl.pretrain.EncoderCheckpoint;
import org.aoissl.refine.Refiner;
import org.aoissl.retrieval.BankEncoder;
import org.aoissl.retrieval.BankFile;
import org.aoissl.retrieval.BankIndex;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.MemoryBank;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.LongAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aoissl spark segment}: {@code aoissl segment} over many images on a Spark cluster. The driver
 * lists the images and checks the bank and checkpoint; executors load them once each and segment their
 * partitions; the masks land under the names the command line gives them and the per-image results in
 * one Parquet table.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
    description = "Segment images on Spark by patch retrieval from a memory bank; writes labels/, masks/, "
        + "overlays/ as aoissl segment does and results/, a Parquet table with one row per image.")
public final class SparkSegmentCommand implements Callable<Integer> {
  /** Spark setting (test hook): the first attempt of every task fails after its first image. */
  static final String FAIL_FIRST_ATTEMPTS = "spark.aoissl.test.failFirstAttempts";

  @Option(names = "--bank", required = true, paramLabel = "URI", description = "Memory bank file (local path or "
      + "any Hadoop file system URI); shipped to every executor.")
  String bank;

  @Option(names = "--ckpt", paramLabel = "URI", description = "Checkpoint (default: the one the bank was built "
      + "with); shipped to every executor.")
  String ckpt;

  @Option(names = "--images", required = true, paramLabel = "URI", description = "Images to segment (any "
      + "layout; labels, if present, are not used).")
  String images;

  @Option(names = "--out", required = true, paramLabel = "URI", description = "New output folder.")
  String out;

  @Option(names = "--method", description = "distance, attention or image (default: the bank's setting).")
  String method;

  @Option(names = "--k", description = "Neighbours (default: the bank's setting).")
  Integer k;

  @Option(names = "--beta", description = "Attention temperature (default: the bank's setting).")
  Float beta;

  @Option(names = "--blocks", negatable = true, description = "Vote with the neighbours' label blocks "
      + "(default: the bank's setting).")
  Boolean blocks;

  @Option(names = "--shifted", description = "Also encode on grids shifted by half a patch (default: as the "
      + "bank's refiner was trained, else off).")
  Boolean shifted;

  @Option(names = "--refine", description = "Edge-aware refinement of the scores (default: as the bank's "
      + "refiner was trained, else off).")
  Boolean refine;

  @Option(names = "--refiner", defaultValue = "auto", description = "The bank's learned refiner: auto, on or off "
      + "(default: ${DEFAULT-VALUE}).")
  String refinerMode;

  @Option(names = "--index", description = "exact, ivf or hnsw (default: the index saved beside a local bank, "
      + "else exact); a saved index is shipped with the bank.")
  String index;

  @Mixin JobArgs job;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** What a run did: images and error rows, and where the time went. */
  public record Summary(long images, long errors, int partitions, double sparkStartSeconds, double jobSeconds,
      long modelLoads, double modelLoadSeconds) {}

  @Override
  public Integer call() throws IOException {
    SegmentChoices choices;
    try {
      choices = new SegmentChoices(method, k, beta, blocks, shifted, refine, refinerMode);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    long start = System.nanoTime();
    Summary s;
    URI outUri = Storage.uri(out);
    try (SparkSession spark = Sessions.start(job.master, "aoissl segment")) {
      double startup = Sessions.since(start);
      s = run(spark, choices, startup);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("segmented %d images (%d with errors) in %d tasks into %s%n", s.images(), s.errors(), s.partitions(),
        outUri);
    o.printf("spark start %.1f s, job %.1f s (%.2f images/s), model and bank loads %d (%.1f s each)%n",
        s.sparkStartSeconds(), s.jobSeconds(), s.images() / s.jobSeconds(), s.modelLoads(),
        s.modelLoads() == 0 ? 0 : s.modelLoadSeconds() / s.modelLoads());
    if (s.errors() > 0) {
      o.printf("%d images failed: see the error column of %s%n", s.errors(), Storage.child(outUri,
          OutputTree.RESULTS));
    }
    o.flush();
    return 0;
  }

  private Summary run(SparkSession spark, SegmentChoices choices, double startup) throws IOException {
    SparkContext sc = spark.sparkContext();
    Configuration hconf = sc.hadoopConfiguration();
    HadoopConf hc = new HadoopConf(hconf);
    Path tmp = Files.createTempDirectory("aoissl-driver");
    try {
      URI bankUri = Storage.uri(bank);
      Path bankFile = Storage.fetch(bankUri, hconf, tmp);
      MemoryBank b = BankFile.read(bankFile);
      choices.resolve(b, b.refiner() == null || choices.refiner().equals("off") ? null
          : Refiner.state(b.refiner(), bankFile), bankFile);
      URI ckptUri = checkpoint(b, bankFile);
      Path ckptFile = Storage.fetch(ckptUri, hconf, tmp.resolve("ckpt"));
      b.encoder().requireSame(EncoderId.of(ckptFile, EncoderCheckpoint.read(ckptFile).state(),
          b.encoder().tile()), bankFile);
      String kind = index != null ? index : Storage.isLocal(bankUri) ? BankIndex.defaultKind(bankFile) : "exact";
      shipIndex(sc, hconf, bankUri, bankFile, kind);
      sc.addFile(bankUri.toString());
      sc.addFile(ckptUri.toString());

      List<ImageRef> refs = ImageListing.list(Storage.uri(images), job.options(), hconf,
          spec.commandLine().getErr());
      OutputTree tree = new OutputTree(Storage.uri(out), hc);
      tree.prepare();
      List<String> classes = b.classes().names();
      SegmentSpec ss = new SegmentSpec(Storage.name(bankUri), FormatUtil.checksum(bankFile), BankFile.VERSION,
          Storage.name(ckptUri), kind, choices.method(), choices.k(), choices.beta(), choices.blocks(),
          choices.shifted(), choices.refine(), choices.refiner(), classes, tree, hc,
          sc.getConf().getBoolean(FAIL_FIRST_ATTEMPTS, false));
      LongAccumulator loads = sc.longAccumulator("model loads");
      LongAccumulator loadNanos = sc.longAccumulator("model load nanos");
      int parts = job.partitions(refs.size());
      long jobStart = System.nanoTime();
      JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(sc).parallelize(refs, parts)
          .mapPartitions(new SegmentPartition(ss, loads, loadNanos));
      spark.createDataFrame(rows, SegmentRows.schema(classes)).write()
          .parquet(Storage.hadoopPath(tree.results()));
      double jobSeconds = Sessions.since(jobStart);
      tree.finish();
      Dataset<Row> written = spark.read().parquet(Storage.readPath(tree.results()));
      long errors = written.filter(functions.col("error").isNotNull()).count();
      return new Summary(refs.size(), errors, parts, startup, jobSeconds, loads.value(), loadNanos.value() / 1e9);
    } finally {
      StagedDirectory.deleteTree(tmp);
    }
  }

  /** The checkpoint given, else the one the bank records (which must be on the driver's disk). */
  private URI checkpoint(MemoryBank b, Path bankFile) throws BadInputException {
    if (ckpt != null) {
      return Storage.uri(ckpt);
    }
    String recorded = b.provenance().get(BankEncoder.CHECKPOINT);
    if (recorded == null || !Files.isRegularFile(Path.of(recorded))) {
      throw new BadInputException(bankFile, "give --ckpt: the checkpoint it was built with ("
          + b.encoder().checkpoint() + (recorded == null ? "" : " at " + recorded) + ") is not there");
    }
    return Path.of(recorded).toUri();
  }

  /**
   * Ships the saved index the executors will open, beside the bank under SparkFiles; without one saved, each
   * executor builds the index in memory, as {@code segment --index} does.
   */
  private static void shipIndex(SparkContext sc, Configuration hconf, URI bankUri, Path bankFile, String kind)
      throws IOException {
    String parent = bankUri.toString().substring(0, bankUri.toString().lastIndexOf('/') + 1);
    String saved = kind.equals("ivf") ? BankIndex.ivfFile(bankFile).getFileName().toString()
        : kind.equals("hnsw") ? BankIndex.hnswDir(bankFile).getFileName().toString() : null;
    if (saved == null) {
      return;
    }
    URI uri = URI.create(parent + saved);
    if (Storage.fs(uri, hconf).exists(new org.apache.hadoop.fs.Path(uri))) {
      sc.addFile(uri.toString(), kind.equals("hnsw"));
    }
  }
}
