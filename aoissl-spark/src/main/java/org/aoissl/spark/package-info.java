/**
 * Batch segment and embed on Apache Spark, for image sets one machine cannot get through: the driver
 * lists images with the data layer's layouts, executors load the bank and encoder once each and run the
 * same per-image code as the command line, so masks and numbers equal {@code aoissl segment} and
 * {@code aoissl embed} bit for bit. A bad image fails its own row, never the job; retried tasks leave
 * one row and one copy of each file per image. Spark itself is provided by the cluster.
 */
package org.aoissl.spark;
