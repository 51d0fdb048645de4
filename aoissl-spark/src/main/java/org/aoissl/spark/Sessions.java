package org.aoissl.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the job's Spark session: under {@code spark-submit} the master and settings come from it;
 * started directly (the {@code aoissl spark} launcher, tests) {@code --master} applies, else
 * {@code local[*]}, and the web UI stays off.
 */
final class Sessions {
  private Sessions() {}

  static SparkSession start(String master, String app) {
    SparkConf given = new SparkConf(); // spark.* system properties, as spark-submit sets them
    String m = master != null ? master : given.get("spark.master", "local[*]");
    SparkSession.Builder b = SparkSession.builder().appName(app).master(m);
    if (m.startsWith("local") && !given.contains("spark.ui.enabled")) {
      b.config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }

  /** Seconds since {@code start} (from {@link System#nanoTime}). */
  static double since(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
