package org.aoissl.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.aoissl.io.BadInputException;
import org.aoissl.io.FormatUtil;
import org.aoissl.io.StagedDirectory;
import org.aoissl.pretrain.EncoderCheckpoint;
import org.aoissl.retrieval.EncoderId;
import org.aoissl.retrieval.PatchEncoder;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aoissl spark embed}: {@code aoissl embed} over many images on a Spark cluster, into a Parquet
 * table (one row per image) that {@code aoissl bank build --features} and data curation read.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Write the encoder's CLS and patch features of every image to a Parquet table, on Spark.")
public final class SparkEmbedCommand implements Callable<Integer> {
  @Option(names = "--ckpt", required = true, paramLabel = "URI", description = "Pre-training checkpoint; shipped "
      + "to every executor.")
  String ckpt;

  @Option(names = "--images", required = true, paramLabel = "URI", description = "Dataset folder or split root "
      + "(all images).")
  String images;

  @Option(names = "--out", required = true, paramLabel = "URI", description = "New Parquet folder to write.")
  String out;

  @Option(names = "--image-size", description = "Resize images to this square size (default: their own size, "
      + "cut down to a multiple of the patch size).")
  Integer imageSize;

  @Option(names = "--tile", defaultValue = "" + PatchEncoder.DEFAULT_TILE, description = "Images larger than "
      + "this many pixels on a side are encoded in overlapping tiles (default: ${DEFAULT-VALUE}).")
  int tile;

  @Mixin JobArgs job;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    long n;
    long errors;
    double startup;
    double jobSeconds;
    String encoder;
    try (SparkSession spark = Sessions.start(job.master, "aoissl embed")) {
      startup = Sessions.since(start);
      SparkContext sc = spark.sparkContext();
      Configuration hconf = sc.hadoopConfiguration();
      Path tmp = Files.createTempDirectory("aoissl-driver");
      try {
        URI ckptUri = Storage.uri(ckpt);
        Path ckptFile = Storage.fetch(ckptUri, hconf, tmp);
        EncoderId id = EncoderId.of(ckptFile, EncoderCheckpoint.read(ckptFile).state(), tile);
        encoder = id.checkpoint() + "@" + id.checksum();
        URI outUri = Storage.uri(out);
        if (Storage.fs(outUri, hconf).exists(new org.apache.hadoop.fs.Path(outUri))) {
          throw new BadInputException(Path.of(outUri.getPath()), "exists; choose a new output folder");
        }
        List<ImageRef> refs = ImageListing.list(Storage.uri(images), job.options(), hconf,
            spec.commandLine().getErr());
        sc.addFile(ckptUri.toString());
        long jobStart = System.nanoTime();
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(sc).parallelize(refs, job.partitions(refs.size()))
            .mapPartitions(new EmbedPartition(Storage.name(ckptUri), FormatUtil.checksum(ckptFile), tile, imageSize,
                id.dim(), encoder, new HadoopConf(hconf)));
        spark.createDataFrame(rows, FeatureRows.SCHEMA).write().parquet(Storage.hadoopPath(outUri));
        jobSeconds = Sessions.since(jobStart);
        n = refs.size();
        errors = spark.read().parquet(Storage.readPath(outUri)).filter(functions.col("error").isNotNull())
            .count();
      } finally {
        StagedDirectory.deleteTree(tmp);
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("wrote features of %d images (%d with errors; encoder %s) to %s%n", n, errors, encoder,
        Storage.uri(out));
    o.printf("spark start %.1f s, job %.1f s (%.2f images/s)%n", startup, jobSeconds, n / jobSeconds);
    o.flush();
    return 0;
  }
}
