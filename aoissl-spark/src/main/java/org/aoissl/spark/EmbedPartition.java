package org.aoissl.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.aoissl.embed.ImageEmbedding;
import org.aoissl.retrieval.PatchEncoder;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Embeds one partition of images on an executor, with the encoder loaded once per executor, exactly as
 * {@code aoissl embed} does; an image that cannot be read yields a row with its error.
 */
final class EmbedPartition implements FlatMapFunction<Iterator<ImageRef>, Row> {
  private static final long serialVersionUID = 1L;

  private final String ckptName;
  private final String ckptCrc;
  private final int tile;
  private final Integer imageSize;
  private final int dim;
  private final String encoder;
  private final HadoopConf conf;

  EmbedPartition(String ckptName, String ckptCrc, int tile, Integer imageSize, int dim, String encoder,
      HadoopConf conf) {
    this.ckptName = ckptName;
    this.ckptCrc = ckptCrc;
    this.tile = tile;
    this.imageSize = imageSize;
    this.dim = dim;
    this.encoder = encoder;
    this.conf = conf;
  }

  /** Rows are made as Spark pulls them, so a task holds one image's features at a time. */
  @Override
  public Iterator<Row> call(Iterator<ImageRef> refs) throws IOException {
    PatchEncoder enc = ExecutorModels.embedding(ckptName, ckptCrc, tile);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return refs.hasNext();
      }

      @Override
      public Row next() {
        return embed(enc, refs.next());
      }
    };
  }

  private Row embed(PatchEncoder enc, ImageRef ref) {
    try (TaskInput in = TaskInput.open(ref, conf.get())) {
      return FeatureRows.of(ref, ImageEmbedding.of(enc, in.sample(), imageSize), dim, encoder);
    } catch (IOException | RuntimeException e) {
      String error = Failures.rowError(e, ref);
      if (error != null) {
        return FeatureRows.failed(ref, dim, encoder, error);
      }
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }
}
