package org.aoissl.spark;

import java.util.ArrayList;
import java.util.List;
import org.aoissl.inspect.MaskSummary;
import org.aoissl.retrieval.Segmenter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The segment job's Parquet table, one row per image: id, device, first input file, size, per class its
 * pixel count and 8-connected component count ({@link MaskSummary}: ignored pixels count as background),
 * the time encoding, search and aggregation took, the bank's file name, CRC32 and format version, and the
 * error that kept the image from being segmented (then the counts and times are null).
 */
final class SegmentRows {
  private SegmentRows() {}

  static StructType schema(List<String> classes) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("id", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("device", DataTypes.StringType, true));
    f.add(DataTypes.createStructField("image", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("height", DataTypes.IntegerType, true));
    f.add(DataTypes.createStructField("width", DataTypes.IntegerType, true));
    for (String c : classes) {
      f.add(DataTypes.createStructField(pixels(c), DataTypes.LongType, true));
      f.add(DataTypes.createStructField(components(c), DataTypes.IntegerType, true));
    }
    f.add(DataTypes.createStructField("encode_ms", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("search_ms", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("aggregate_ms", DataTypes.DoubleType, true));
    f.add(DataTypes.createStructField("bank", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("bank_crc", DataTypes.StringType, false));
    f.add(DataTypes.createStructField("bank_format", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
    return DataTypes.createStructType(f);
  }

  static String pixels(String cls) {
    return cls + "_pixels";
  }

  static String components(String cls) {
    return cls + "_components";
  }

  static Row segmented(SegmentSpec s, ImageRef ref, int height, int width, List<MaskSummary.ClassSummary> classes,
      Segmenter.Timing t) {
    List<Object> v = head(ref);
    v.add(height);
    v.add(width);
    for (MaskSummary.ClassSummary c : classes) {
      v.add(c.pixels());
      v.add(c.components());
    }
    v.add(t.encode() / 1e6);
    v.add(t.search() / 1e6);
    v.add(t.aggregate() / 1e6);
    tail(v, s, null);
    return RowFactory.create(v.toArray());
  }

  static Row failed(SegmentSpec s, ImageRef ref, String error) {
    List<Object> v = head(ref);
    v.add(null);
    v.add(null);
    for (int i = 0; i < s.classes().size(); i++) {
      v.add(null);
      v.add(null);
    }
    v.add(null);
    v.add(null);
    v.add(null);
    tail(v, s, error);
    return RowFactory.create(v.toArray());
  }

  private static List<Object> head(ImageRef ref) {
    List<Object> v = new ArrayList<>();
    v.add(ref.id());
    v.add(ref.device());
    v.add(ref.firstFile());
    return v;
  }

  private static void tail(List<Object> v, SegmentSpec s, String error) {
    v.add(s.bankName());
    v.add(s.bankCrc());
    v.add(s.bankFormat());
    v.add(error);
  }
}
