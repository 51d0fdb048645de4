package org.aoissl.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.aoissl.embed.ImageEmbedding;
import org.aoissl.model.FeatureFile;
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

  @Override
  public Iterator<Row> call(Iterator<ImageRef> refs) throws IOException {
    PatchEncoder enc = ExecutorModels.embedding(ckptName, ckptCrc, tile);
    List<Row> rows = new ArrayList<>();
    while (refs.hasNext()) {
      ImageRef ref = refs.next();
      FeatureFile.Entry e;
      try (TaskInput in = TaskInput.open(ref, conf.get())) {
        e = ImageEmbedding.of(enc, in.sample(), imageSize);
      } catch (IOException | RuntimeException ex) {
        String error = Failures.rowError(ex, ref);
        if (error == null) {
          throw ex;
        }
        rows.add(FeatureRows.failed(ref, dim, encoder, error));
        continue;
      }
      rows.add(FeatureRows.of(ref, e, dim, encoder));
    }
    return rows.iterator();
  }
}
