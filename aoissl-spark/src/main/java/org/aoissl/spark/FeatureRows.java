package org.aoissl.spark;

import java.util.List;
import org.aoissl.model.FeatureFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The embed job's Parquet table, one row per image, holding what {@link FeatureFile} holds for it: id,
 * device, first input file, patch grid, feature width, encoder identity (checkpoint file name and CRC32),
 * the CLS vector {@code [D]} and the patch features {@code [gridH·gridW·D]} row-major, as they leave the
 * encoder's last block (not L2-normalised); or, for an image that could not be read, its error.
 */
final class FeatureRows {
  static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("device", DataTypes.StringType, true),
      DataTypes.createStructField("image", DataTypes.StringType, false),
      DataTypes.createStructField("grid_h", DataTypes.IntegerType, true),
      DataTypes.createStructField("grid_w", DataTypes.IntegerType, true),
      DataTypes.createStructField("dim", DataTypes.IntegerType, false),
      DataTypes.createStructField("encoder", DataTypes.StringType, false),
      DataTypes.createStructField("cls", DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField("patches", DataTypes.createArrayType(DataTypes.FloatType, false), true),
      DataTypes.createStructField("error", DataTypes.StringType, true)));

  private FeatureRows() {}

  static Row of(ImageRef ref, FeatureFile.Entry e, int dim, String encoder) {
    return RowFactory.create(ref.id(), ref.device(), ref.firstFile(), e.gridH(), e.gridW(), dim, encoder, e.cls(),
        e.patches(), null);
  }

  static Row failed(ImageRef ref, int dim, String encoder, String error) {
    return RowFactory.create(ref.id(), ref.device(), ref.firstFile(), null, null, dim, encoder, null, null, error);
  }

  /** Reads a row back (it must hold features, not an error). */
  static FeatureFile.Entry entry(Row r) {
    return new FeatureFile.Entry(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("device")),
        r.getInt(r.fieldIndex("grid_h")), r.getInt(r.fieldIndex("grid_w")), floats(r, "cls"), floats(r, "patches"));
  }

  private static float[] floats(Row r, String field) {
    List<Float> l = r.getList(r.fieldIndex(field));
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i);
    }
    return out;
  }
}
